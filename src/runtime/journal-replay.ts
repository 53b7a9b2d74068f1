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
 *
 * `changed` names the nodes whose fingerprint is not the one the run was recorded with (`ca replay
 * --runs`, SPEC §14). A recorded answer of such a node does not stand for its code now: a tool or
 * reasoner of theirs, or a model call of a changed agent, is a divergence at that step even when
 * key and input match.
 */
export class JournalReplay implements RecordedSteps {
  private readonly byKey = new Map<string, JournalEntry>();
  private readonly order = new Map<string, JournalEntry[]>();
  private readonly cursor = new Map<string, number>();
  private readonly taken = new Set<string>();
  private readonly changed: ReadonlySet<string>;
  /** The first divergence: what the run did at that step (nothing, when it made no step there) and what the code asked for. */
  divergedAt: { recorded?: JournalEntry; now: { key: string; name: string; kind: SpanKind } } | undefined;

  constructor(entries: readonly JournalEntry[], options: { changed?: ReadonlySet<string> } = {}) {
    this.changed = options.changed ?? new Set();
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
      throw this.diverged(step, undefined, `the code now makes a step the run did not: ${step.kind} ${step.name} (${step.key})`);
    }
    if (expected.key !== step.key) {
      throw this.diverged(step, expected, `at ${expected.key} the run called ${expected.kind} ${expected.name}; the code now calls ${step.kind} ${step.name} (${step.key})`);
    }
    if (expected.inputHash !== step.inputHash) {
      throw this.diverged(step, expected, `${step.key}: ${step.name} is called with another input than in the run (recorded ${expected.inputHash.slice(0, 12)}, now ${step.inputHash.slice(0, 12)})`);
    }
    const stale = this.staleOwner(expected);
    if (stale) throw this.diverged(step, expected, stale);
    this.taken.add(step.key);
    return expected;
  }

  /** Why a recorded answer no longer stands (its node changed since the run), or undefined. */
  private staleOwner(entry: JournalEntry): string | undefined {
    if (this.changed.size === 0) return undefined;
    if ((entry.kind === 'tool' || entry.kind === 'reasoner') && this.changed.has(entry.name)) {
      return entry.kind === 'reasoner'
        ? `reasoner ${entry.name} changed since this run: its recorded answer does not stand for the new prompt`
        : `tool ${entry.name} changed since this run: its recorded output does not stand for the new code`;
    }
    if (entry.kind === 'model') {
      // `…/concierge#1/round#2/model#1`: the agent's own step is two places up.
      const round = placeOf(entry.key);
      const agentKey = round === undefined ? undefined : placeOf(round);
      const agent = agentKey === undefined ? undefined : this.byKey.get(agentKey);
      if (agent && this.changed.has(agent.name)) return `agent ${agent.name} changed since this run: its recorded model answers do not stand for the new agent`;
    }
    return undefined;
  }

  private diverged(step: { key: string; name: string; kind: SpanKind }, recorded: JournalEntry | undefined, message: string): RunError {
    this.divergedAt ??= { ...(recorded ? { recorded } : {}), now: { key: step.key, name: step.name, kind: step.kind } };
    return new RunError('replay-diverged', message, { path: step.key, hint: 'the code no longer does what the recorded run did: review the change, or record a new run' });
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
