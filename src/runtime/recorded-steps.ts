import type { JournalEntry } from '../core/journal.js';
import type { SpanKind } from '../core/trace.js';

/** A step the code is about to make, as the recorded journal is asked about it. */
export interface StepQuery {
  key: string;
  name: string;
  kind: SpanKind;
  inputHash: string;
  /** For tools: what running it again could do (absent: `write`). */
  effect?: 'read' | 'write' | 'dangerous';
  idempotent?: boolean;
}

/**
 * What to do with a step: give back its recorded outcome without calling anything (`note`: why, in
 * the trace; `record`: also write it into this run's journal, for a fork or a step skipped by hand),
 * or run it live (`attempt`: the number its first live attempt gets, 1 unless it was tried before).
 */
export type StepAnswer = { restore: JournalEntry; note?: string; record?: boolean } | { live: true; attempt: number };

/**
 * A recorded run's journal as the interpreter consults it before each step (SPEC §9): `ca replay`
 * (journal-replay.ts: everything restored, any difference a divergence), `ca run --resume` and
 * `--fork` (journal-resume.ts: completed steps restored, the rest live). A refusal (a divergence,
 * a write that may have happened) is a thrown RunError that ends the run.
 */
export interface RecordedSteps {
  consult(step: StepQuery): StepAnswer;
}

export const LIVE_FIRST_ATTEMPT: StepAnswer = { live: true, attempt: 1 };
