import type { Awaitable } from '../core/awaitable.js';
import type { RunJournal } from '../core/journal.js';
import type { SessionStore } from './session-store.js';
import type { TimedRunRecord, TimedRunSummary } from '../core/run-timing.js';
import type { JsonValue } from '../core/json-value.js';
import type { RecordedRun } from '../core/recorded-run.js';
import type { RunEndedEvent, RunSegment, RunStartedEvent, RunStatus, SpanKind, TraceEvent } from '../core/trace.js';

/** Which runs `listRuns` returns, newest first. */
export interface RunQuery {
  /** At most this many (default 20; 0 or less: all). */
  limit?: number;
  /** Only runs of this node. */
  name?: string;
  /** Only runs with this status (as reported: a dead `running` run is `interrupted`). */
  status?: RunStatus;
  /** Only the turns of this session. */
  sessionId?: string;
  /** Only runs queued for this worker env (SPEC §14). */
  env?: string;
  /** Only runs started (or queued) at or after this time, ms since the epoch. */
  since?: number;
}

/** A run put on a queue for a worker (`ca run NAME --queue`, SPEC §10): its row reads `queued` until a worker starts it. */
export interface QueuedRun {
  runId: string;
  name: string;
  kind: SpanKind;
  input: unknown;
  queue: string;
  at: number;
  /** A worker env's run (SPEC §14): the env, and the release it is pinned to (only workers of that release take it). */
  env?: string;
  release?: string;
}

/** How `reopenRun` may take a run over. */
export interface ReopenOptions {
  /**
   * A worker that knows the run's process is gone (its worker's lease expired, SPEC §10) takes the
   * run over even though its row still reads `running`.
   */
  takeOver?: boolean;
}

/** Who is running a run; defaults to this process on this host. */
export interface RunOrigin {
  pid?: number;
  host?: string;
}

/**
 * The run store (SPEC §7, §10): by default `<project>/.ca/runs.db`, a SQLite file of its own beside the
 * deploy ledger; `runs:` / `CA_RUNS_URL` put it in PostgreSQL (ledger/postgres/pg-run-store.ts). The SQLite one: WAL, a busy timeout, every write transaction IMMEDIATE, schema by user_version.
 *
 * Writing: feed every event of a run to `append` (it dispatches `run.started` to `startRun` and
 * `run.ended` to `finishRun`), or call those two yourself around `append`ing the span events.
 * `startRun` and `finishRun` write at once; span events are buffered and written in one
 * transaction every `flushIntervalMs` or `flushEvents` events, and on finish and close.
 * These three return nothing: a store over the network (PostgreSQL) queues them, in order, ahead
 * of every later write, so a journal write awaited after them is on record after them too; a
 * queued write that failed is rethrown by the next awaited call (`flush`, `close`, a journal write).
 * Every other method may answer asynchronously (core/awaitable.ts): callers await them all.
 *
 * While a run is open, its process also writes a heartbeat about every second (`heartbeatMs`).
 *
 * Reading: a run whose row says `running` but whose process is gone (same host, pid dead) is
 * reported `interrupted`, with a closing `run.ended` event at its last sign of life (last event
 * or heartbeat); a writable open records that in the file. Every run read has a duration
 * (`durationKind`): final, so far (running: up to the read), or until its last sign of life.
 */
export interface RunStore {
  /** Sessions kept in the same file (SPEC §8). */
  readonly sessions: SessionStore;
  /** The journal of every run's steps, in the same file (SPEC §9). */
  readonly journal: RunJournal;
  readonly path: string;
  readonly schemaVersion: number;
  readonly readonly: boolean;
  /**
   * Records a queued run (status `queued`, its input, its queue). Only a store on PostgreSQL has
   * queues: the SQLite one refuses with a UserError (`queue-needs-postgres`).
   */
  enqueueRun(run: QueuedRun): Awaitable<void>;
  /** Inserts the run's row (status `running`) and its first event; a `queued` row of that id becomes this run. */
  startRun(event: RunStartedEvent, origin?: RunOrigin): void;
  /** Buffers span events; dispatches `run.started` and `run.ended`. Rethrows a failed background flush. */
  append(events: TraceEvent | readonly TraceEvent[]): void;
  /** Writes the buffered events, the `run.ended` event and the row's outcome in one transaction. */
  finishRun(event: RunEndedEvent): void;
  /**
   * `ca run --resume` (SPEC §9): the run goes on in this process. A segment whose process died gets
   * its `run.ended` (interrupted) first; the row is `running` again with this pid and host. Returns
   * where the next segment starts. A run still running or one that succeeded: a UserError (exit 2).
   */
  reopenRun(runId: string, origin?: RunOrigin, options?: ReopenOptions): Awaitable<RunSegment>;
  /**
   * `ca approve`: writes a person's decision as the output of an approval step still open in the
   * journal (a parked run's). False when that step is not open (answered already, or no such step).
   */
  answerApproval(runId: string, key: string, decision: JsonValue, at: number): Awaitable<boolean>;
  /**
   * `ca run --resume RUN --upgrade` (SPEC §14): pins a run of a worker env to another release, only
   * if it is still pinned to `from` and not in flight or over. False otherwise (moved or started meanwhile).
   */
  moveRelease(runId: string, from: string, to: string): Awaitable<boolean>;
  /** The `self` fingerprint of every node the run could reach when it started (what a resume compares with). */
  recordFingerprints(runId: string, fingerprints: Readonly<Record<string, string>>): void;
  /** What recordFingerprints wrote; undefined for a run recorded before ca kept them. */
  readFingerprints(runId: string): Awaitable<Record<string, string> | undefined>;
  /**
   * Writes a whole run recorded elsewhere (`ca runs pull`: read from another store with
   * readRecordedRun) as it was, in one transaction: its row with env, release and fingerprints, its
   * events and its journal. A run whose id is already here is left as it is: false.
   */
  importRun(run: RecordedRun): Awaitable<boolean>;
  /** Writes the buffered events now. */
  flush(): Awaitable<void>;
  listRuns(query?: RunQuery): Awaitable<TimedRunSummary[]>;
  /**
   * A run by full id, unique prefix (with or without `r_`) or `last`. Unknown or ambiguous: a
   * UserError (exit 2) naming the candidates or the latest runs.
   */
  getRun(idOrPrefix: string): Awaitable<TimedRunRecord>;
  /** Every event of a run in order (an interrupted run ends with a synthesised `run.ended`). */
  readEvents(runId: string): Awaitable<TraceEvent[]>;
  /** The status of each node's latest run, for `result:` selectors. */
  latestStatusByName(): Awaitable<Map<string, RunStatus>>;
  /** Flushes and closes; a second call does nothing. */
  close(): Awaitable<void>;
}
