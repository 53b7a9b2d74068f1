import { EXIT, UserError } from '../core/errors.js';
import type { RunEndedEvent, RunStatus, TraceEvent } from '../core/trace.js';
import type { RunRow } from './run-rows.js';

/** Refuses to reopen a run that is still running, succeeded, or queued and never started; `status` is the backend's verdict on the row. */
export function assertResumable(runId: string, row: RunRow, status: RunStatus): void {
  if (status === 'running') {
    throw new UserError('run-still-running', `run ${runId} is still running (pid ${row.pid} on ${row.host}): it cannot be resumed while it runs`, {
      hint: 'wait for it to end, or stop it (Ctrl-C, kill) and resume it then',
      exitCode: EXIT.usage,
    });
  }
  if (status === 'succeeded') {
    throw new UserError('run-succeeded', `run ${runId} (${row.name}) succeeded: there is nothing to resume`, {
      hint: `start a new run with ca run ${row.name}, or try another path from one of its steps with ca run --fork ${runId} --from STEP`,
      exitCode: EXIT.usage,
    });
  }
  if (status === 'queued') {
    throw new UserError('run-queued', `run ${runId} (${row.name}) is queued on ${row.queue ?? 'a queue'} and has not started: there is nothing to resume`, {
      hint: `a worker starts it: ca worker --queue ${row.queue ?? 'QUEUE'}`,
      exitCode: EXIT.usage,
    });
  }
}

/** What a run's recorded stream says to the segment about to start. */
export interface StreamSoFar {
  /** The seq after the last recorded event. */
  nextSeq: number;
  /** The number of the new segment: 2 for the first resume. */
  segment: number;
  /** The latest `run.ended`: the duration the run had reached. */
  previous: RunEndedEvent | undefined;
}

export function streamSoFar(events: readonly TraceEvent[]): StreamSoFar {
  return {
    nextSeq: events.reduce((max, event) => Math.max(max, event.seq), -1) + 1,
    segment: events.filter((event) => event.type === 'run.resumed').length + 2,
    previous: [...events].reverse().find((event): event is RunEndedEvent => event.type === 'run.ended'),
  };
}
