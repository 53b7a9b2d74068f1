import type { JournalEntry } from '../core/journal.js';
import type { SpanKind } from '../core/trace.js';
import type { RecordedSteps, StepAnswer, StepQuery } from './recorded-steps.js';
import { RunError } from './run-errors.js';

/**
 * A recorded run's journal, handed back step by step to the current code (`ca replay`). Every
 * step the code makes is checked against what the run did at that place: the same key, in the
 * same order among its siblings, with the same input. The first mismatch is a divergence
 * (RunError `replay-diverged`, naming the step); otherwise the recorded entry is returned, so the
 * caller can restore its output instead of calling a tool or a model.
 *
 * Order is checked per place (the key without its last part): concurrent `ctx.map` items each
 * have a place of their own, so their timing never counts as a divergence.
 */
export class JournalReplay implements RecordedSteps {
  private readonly byKey = new Map<string, JournalEntry>();
  private readonly order = new Map<string, JournalEntry[]>();
  private readonly cursor = new Map<string, number>();
  private readonly taken = new Set<string>();

  constructor(entries: readonly JournalEntry[]) {
    for (const entry of entries) {
      this.byKey.set(entry.key, entry);
      const place = placeOf(entry.key);
      if (place === undefined) continue;
      const siblings = this.order.get(place) ?? [];
      siblings.push(entry);
      this.order.set(place, siblings);
    }
  }

  /** Every step is answered from the run: tools, reasoners, approvals and model calls restored; flows and agents run their code. */
  consult(step: StepQuery): StepAnswer {
    const entry = this.take(step);
    return step.kind === 'flow' || step.kind === 'agent' ? { live: true, attempt: 1 } : { restore: entry };
  }

  take(step: { key: string; name: string; kind: SpanKind; inputHash: string }): JournalEntry {
    const place = placeOf(step.key) ?? '';
    const index = this.cursor.get(place) ?? 0;
    this.cursor.set(place, index + 1);
    const expected = this.order.get(place)?.[index];
    if (!expected) {
      throw diverged(step.key, `the code now makes a step the run did not: ${step.kind} ${step.name} (${step.key})`);
    }
    if (expected.key !== step.key) {
      throw diverged(step.key, `at ${expected.key} the run called ${expected.kind} ${expected.name}; the code now calls ${step.kind} ${step.name} (${step.key})`);
    }
    if (expected.inputHash !== step.inputHash) {
      throw diverged(step.key, `${step.key}: ${step.name} is called with another input than in the run (recorded ${expected.inputHash.slice(0, 12)}, now ${step.inputHash.slice(0, 12)})`);
    }
    this.taken.add(step.key);
    return expected;
  }

  /** Steps the run made that the code did not ask for, in the order the run made them. */
  untaken(except: ReadonlySet<string>): JournalEntry[] {
    return [...this.byKey.values()].filter((entry) => !this.taken.has(entry.key) && !except.has(entry.key));
  }
}

/** `bulk_price/map#1[3]/price_item#1` → `bulk_price/map#1[3]`; a root key has none. */
function placeOf(key: string): string | undefined {
  const slash = key.lastIndexOf('/');
  return slash < 0 ? undefined : key.slice(0, slash);
}

function diverged(step: string, message: string): RunError {
  return new RunError('replay-diverged', message, { path: step, hint: 'the code no longer does what the recorded run did: review the change, or record a new run' });
}
