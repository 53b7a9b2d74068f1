import { hashCanonical, sha256 } from '../core/hash.js';
import type { JournalEntry, RunJournal, StepEnd } from '../core/journal.js';
import { LIVE_FIRST_ATTEMPT, type RecordedSteps, type StepAnswer } from './recorded-steps.js';
import { toJsonValue } from '../core/json-value.js';
import type { SpanKind, TraceError } from '../core/trace.js';
import type { Span } from './trace-recorder.js';
import { RunError } from './run-errors.js';

/** The error code of a step a draining worker did not start. */
export const DRAINED = 'drained';

/**
 * A run's side of the journal (SPEC §9): deterministic step keys, the idempotency key of each
 * step, and the start and end of every step handed to the RunJournal (the run store, or nothing
 * when a caller keeps no journal).
 *
 * A step key is its caller's key, then the group item it runs in (`map#1[3]/` inside the first
 * `ctx.map` of that caller, item 3), then the callee's name and its ordinal among the caller's
 * calls of that name in that place: `refund_flow/issue_refund#1`. It depends only on what the
 * code does in order, never on timing, so the same code given the same inputs and outputs names
 * the same steps again; docs/architecture.md says where that stops being true.
 */
export class StepJournal {
  private readonly counters = new WeakMap<Span, Map<string, number>>();

  constructor(
    readonly runId: string,
    private readonly journal: RunJournal | undefined,
    private readonly now: () => number = Date.now,
    /** A recorded journal consulted before each step (`ca replay`, `--resume`, `--fork`); none: every step runs live. */
    private readonly recorded?: RecordedSteps,
    /** When aborted, no step starts live any more (a draining worker); restored steps still are. */
    private readonly drain?: AbortSignal,
  ) {}

  /** Whether the drain refused a step: the run then ends `interrupted`, whatever its code did with the refusal. */
  drained = false;

  /** Whether the step runs live or gets its recorded outcome back (recorded-steps.ts); a refusal throws. */
  consult(step: { key: string; name: string; kind: SpanKind; input: unknown; effect?: 'read' | 'write' | 'dangerous'; idempotent?: boolean }): StepAnswer {
    const answer = this.recordedAnswer(step);
    if ('live' in answer && this.drain?.aborted) {
      this.drained = true;
      throw new RunError(DRAINED, `the worker is stopping: ${step.key} did not start`, { hint: 'the run goes on from its journal on the next worker' });
    }
    return answer;
  }

  private recordedAnswer(step: { key: string; name: string; kind: SpanKind; input: unknown; effect?: 'read' | 'write' | 'dangerous'; idempotent?: boolean }): StepAnswer {
    if (!this.recorded) return LIVE_FIRST_ATTEMPT;
    return this.recorded.consult({
      key: step.key,
      name: step.name,
      kind: step.kind,
      inputHash: hashCanonical(toJsonValue(step.input) ?? null),
      ...(step.effect === undefined ? {} : { effect: step.effect }),
      ...(step.idempotent === undefined ? {} : { idempotent: step.idempotent }),
    });
  }

  /** A restored step that this run's journal does not hold yet (a fork's, a skipped one): written as started and ended. */
  async record(entry: JournalEntry): Promise<void> {
    if (!this.journal) return;
    const at = this.now();
    await this.journal.stepStarted(this.runId, {
      key: entry.key,
      name: entry.name,
      kind: entry.kind,
      inputHash: entry.inputHash,
      ...(entry.effect === undefined ? {} : { effect: entry.effect }),
      ...(entry.idempotent === undefined ? {} : { idempotent: entry.idempotent }),
      idempotencyKey: this.idempotencyKey(entry.key),
      attempt: entry.attempts,
      at,
    });
    await this.journal.stepEnded(this.runId, entry.key, {
      status: entry.status === 'succeeded' ? 'succeeded' : 'failed',
      attempts: entry.attempts,
      at,
      ...(entry.output === undefined ? {} : { output: entry.output }),
      ...(entry.error === undefined ? {} : { error: entry.error }),
    });
  }

  /** The next key for a call of `name` made by the code running in `parent`, inside group item `path`. */
  key(parent: Span, path: string, name: string): string {
    let counts = this.counters.get(parent);
    if (!counts) this.counters.set(parent, (counts = new Map()));
    const place = `${path}${name}`;
    const n = (counts.get(place) ?? 0) + 1;
    counts.set(place, n);
    return `${parent.key}/${place}#${n}`;
  }

  /** `ctx.idempotencyKey`: opaque, 35 characters, the same for a step on every attempt and every resume of the run. */
  idempotencyKey(key: string): string {
    return `ca_${sha256(`${this.runId}\n${key}`).slice(0, 32)}`;
  }

  /** Resolves once the start is on record: the step may run then, and not before. */
  async started(step: { key: string; name: string; kind: SpanKind; input: unknown; attempt: number; effect?: 'read' | 'write' | 'dangerous'; idempotent?: boolean; keepInput?: boolean }): Promise<void> {
    if (!this.journal) return;
    const input = toJsonValue(step.input);
    await this.journal.stepStarted(this.runId, {
      key: step.key,
      name: step.name,
      kind: step.kind,
      inputHash: hashCanonical(input ?? null),
      ...(step.keepInput && input !== undefined ? { input } : {}),
      ...(step.effect === undefined ? {} : { effect: step.effect }),
      ...(step.idempotent === undefined ? {} : { idempotent: step.idempotent }),
      idempotencyKey: this.idempotencyKey(step.key),
      attempt: step.attempt,
      at: this.now(),
    });
  }

  /** Resolves once the end is on record: the caller goes on then. */
  async ended(key: string, end: { status: StepEnd['status']; output?: unknown; error?: TraceError; attempts: number }): Promise<void> {
    if (!this.journal) return;
    const output = end.output === undefined ? undefined : toJsonValue(end.output);
    await this.journal.stepEnded(this.runId, key, {
      status: end.status,
      attempts: end.attempts,
      at: this.now(),
      ...(output === undefined ? {} : { output }),
      ...(end.error === undefined ? {} : { error: end.error }),
    });
  }
}
