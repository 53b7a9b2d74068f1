import type { RunRecord, RunStatus, RunSummary } from './trace.js';

/**
 * How to read a run's `durationMs` in `ca runs` and `ca trace`:
 * - `final`: the run ended (succeeded, failed, cancelled): from its start to its end;
 * - `so-far`: still running (its process is alive): from its start to the moment the store was
 *   read, so it grows from one read to the next;
 * - `until-last-sign`: interrupted (its process died): from its start to its last sign of life
 *   (its last recorded event, or a later heartbeat). It ran at least that long; exactly how much
 *   longer before it died is unknown.
 */
export type DurationKind = 'final' | 'so-far' | 'until-last-sign';

/** A run's duration as `ca runs` and `ca trace` report it: always a number, and how to read it. */
export interface RunTiming {
  durationMs: number;
  durationKind: DurationKind;
}

/** One row of `ca runs`: RunSummary with its duration always known. */
export type TimedRunSummary = Omit<RunSummary, 'durationMs'> & RunTiming;

/** `ca trace --json`'s `run`: RunRecord with its duration always known. */
export type TimedRunRecord = Omit<RunRecord, 'durationMs'> & RunTiming;

export function durationKindOf(status: RunStatus): DurationKind {
  if (status === 'running') return 'so-far';
  return status === 'interrupted' ? 'until-last-sign' : 'final';
}
