import { hashCanonical, sha256 } from '../core/hash.js';
import type { JournalEntry, RunJournal, StepEnd } from '../core/journal.js';
import type { JournalReplay } from './journal-replay.js';
import { toJsonValue } from '../core/json-value.js';
import type { SpanKind, TraceError } from '../core/trace.js';
import type { Span } from './trace-recorder.js';

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
    /** `ca replay`: the recorded journal that answers the steps instead of tools and models. */
    private readonly replay?: JournalReplay,
  ) {}

  /** Replaying: checks the step against the recorded run and returns its entry (a divergence throws). Not replaying: undefined. */
  recorded(step: { key: string; name: string; kind: SpanKind; input: unknown }): JournalEntry | undefined {
    if (!this.replay) return undefined;
    return this.replay.take({ key: step.key, name: step.name, kind: step.kind, inputHash: hashCanonical(toJsonValue(step.input) ?? null) });
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

  started(step: { key: string; name: string; kind: SpanKind; input: unknown; attempt: number; effect?: 'read' | 'write' | 'dangerous'; idempotent?: boolean; keepInput?: boolean }): void {
    if (!this.journal) return;
    const input = toJsonValue(step.input);
    this.journal.stepStarted(this.runId, {
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

  ended(key: string, end: { status: StepEnd['status']; output?: unknown; error?: TraceError; attempts: number }): void {
    if (!this.journal) return;
    const output = end.output === undefined ? undefined : toJsonValue(end.output);
    this.journal.stepEnded(this.runId, key, {
      status: end.status,
      attempts: end.attempts,
      at: this.now(),
      ...(output === undefined ? {} : { output }),
      ...(end.error === undefined ? {} : { error: end.error }),
    });
  }
}
