import pg from 'pg';
import { EXIT, UserError } from '../../core/errors.js';
import type { RunJournal } from '../../core/journal.js';
import type { JsonValue } from '../../core/json-value.js';
import type { RecordedRun } from '../../core/recorded-run.js';
import type { TimedRunRecord, TimedRunSummary } from '../../core/run-timing.js';
import { NO_SECRETS, type SecretScrubber } from '../../core/secret-scrubber.js';
import { maskUrl } from '../../core/store-location.js';
import { type RunEndedEvent, type RunSegment, type RunStartedEvent, type RunStatus, type TraceEvent, traceEventJson } from '../../core/trace.js';
import { HOST } from '../process-liveness.js';
import { RunHeartbeat } from '../run-heartbeat.js';
import { scrubbedValueJson } from '../run-rows.js';
import { DEFAULT_FLUSH_EVENTS, type RunStoreTuning } from '../run-store-tuning.js';

/** Span events wait at most this long before they go in (SQLite's store: 50 ms). */
const PG_FLUSH_INTERVAL_MS = 200;
import type { QueuedRun, ReopenOptions, RunOrigin, RunQuery, RunStore } from '../run-store.js';
import type { SessionStore } from '../session-store.js';
import { PG_RUN_STORE, toPgError } from './pg-errors.js';
import { insertEvents } from './pg-run-events.js';
import { importPgRun } from './pg-run-import.js';
import { isPendingEnd, type PendingEnd, PgRunJournal, type RunOwner } from './pg-run-journal.js';
import { beatRuns, DB_NOW, isThisProcess, leaseFromEnv, markInterruptedRuns, takenOverError } from './pg-run-liveness.js';
import { PgRunReads } from './pg-run-reads.js';
import { reopenRunRow } from './pg-run-reopen.js';
import {
  assertPgRunsNotTooNew,
  migratePgRuns,
  PG_RUN_READABLE_FROM,
  PG_RUN_SCHEMA as S,
  pgRunsMissing,
  pgRunsOutdated,
  readPgRunsVersion,
} from './pg-run-schema.js';
import { checkout } from './pg-transaction.js';
import { ANY_RUN, NO_RUN, PgWriteQueue } from './pg-write-queue.js';

export { DEFAULT_RUN_LEASE_MS } from './pg-run-liveness.js';

export interface PgRunStoreOptions extends RunStoreTuning {
  /** Read only: never creates, migrates or writes (ca runs, ca trace, result: selectors). */
  readonly?: boolean;
  /**
   * A `running` run whose process has not been heard of for this long (no heartbeat, by the
   * database's clock) is `interrupted`, whatever machine ran it. Default: `CA_RUN_LEASE_MS`, else
   * 15 s. Keep it well above `heartbeatMs`.
   */
  leaseMs?: number;
}

const APPLICATION = `ca-runs:${process.pid}@${HOST}`;

/** BIGINT columns (times in ms, tokens, counts) as numbers, as SQLite gives them; every other type as pg parses it. */
const TYPES: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.INT8 ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig['getTypeParser'],
};

/**
 * Opens the run store in the PostgreSQL database at `url` (SPEC §10). Read-only: every transaction
 * of the pool is read-only (the server refuses a write), nothing is created or migrated, and a
 * database without `ca_runs` is `runs-missing` (nothing run yet). Otherwise the schema is created or
 * migrated exactly once however many processes open it at the same moment, and runs whose process
 * is gone (see PgRunStore) are recorded as interrupted. Server, login, database and permission
 * failures are one-line UserErrors naming the URL with its password masked (pg-errors.ts,
 * `runs-unreachable`, `runs-auth`, `runs-no-database`, `runs-permission`, `runs-connection-lost`).
 */
export async function openPgRunStore(url: string, options: PgRunStoreOptions = {}): Promise<PgRunStore> {
  const shown = maskUrl(url);
  const readonly = options.readonly ?? false;
  const leaseMs = options.leaseMs ?? leaseFromEnv();
  const pool = new pg.Pool({
    connectionString: url,
    // A worker writes for its runs side by side (one lane each); a reader needs few.
    max: readonly ? 2 : 8,
    application_name: APPLICATION,
    connectionTimeoutMillis: 10_000,
    // `ca runs` must not sit out the idle timeout of connections nobody will use again.
    allowExitOnIdle: true,
    types: TYPES,
    ...(readonly ? { options: '-c default_transaction_read_only=on' } : {}),
  });
  // An idle connection the server drops must not crash the process; the next query reports it.
  pool.on('error', () => undefined);
  try {
    let version: number;
    if (readonly) {
      const found = await readPgRunsVersion(pool, shown);
      if (found === undefined) throw pgRunsMissing(shown);
      assertPgRunsNotTooNew(found, shown);
      if (found < PG_RUN_READABLE_FROM) throw pgRunsOutdated(found, shown);
      version = found;
    } else {
      // Reported below, with the rest.
      const { client } = await checkout(pool, (error) => error);
      let broken: Error | undefined;
      try {
        version = await migratePgRuns(client, shown);
      } catch (error) {
        broken = error as Error;
        throw error;
      } finally {
        client.release(broken);
      }
    }
    const store = new PgRunStore(pool, shown, version, readonly, leaseMs, options);
    if (!readonly) await store.markInterrupted();
    return store;
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw toPgError(error, shown, PG_RUN_STORE);
  }
}

/**
 * The RunStore on a PostgreSQL pool, with SqliteRunStore's semantics (run-store.ts is the contract).
 *
 * Writing. `startRun`, `append`, `finishRun` and `recordFingerprints` return at once: each queues
 * one transaction on its run's promise chain (PgWriteQueue), so a run's writes reach the database
 * in call order while the runs of one worker write side by side. Span events wait in their run's
 * buffer and go in one multi-row INSERT: on a timer (`flushIntervalMs`), once `flushEvents` wait,
 * and ahead of the run's next write, in that write's transaction. Awaited writes (the journal,
 * `reopenRun`, `answerApproval`, `enqueueRun`) join their run's chain, so a step is on record after
 * the run's row and the events before it; `flush` and `close` wait for every chain.
 *
 * When a queued write fails (the server, the network), its error is kept: the writes queued behind
 * it are dropped (a run's outcome without its events, or events without their run, would be a
 * record that lies), and the next awaited call, or the next `startRun` / `append` / `finishRun`,
 * throws it. A write the database refuses for one run only (it was taken over, a queued run was
 * started by another worker, no such run) is left out without failing the others' writes in the
 * same transaction (a worker runs several runs through one store); the run's next journal write,
 * or the next `flush` / `close`, throws why. Nothing is written on process exit, as the SQLite
 * store does: `pg` cannot write synchronously, so `close()` must be awaited (the app always does).
 *
 * Liveness, across machines (pg-run-liveness.ts). A `running` run is `interrupted` when its process
 * is known to be gone: on this host its pid is dead, or, on any host, the row has not been heard of
 * for `leaseMs` (`alive_at`, the database's clock at its start, last heartbeat or resume, so no
 * machine's clock decides). Its process beats every `heartbeatMs` (RunHeartbeat). `reopenRun(…,
 * { takeOver })` takes a `running` run over regardless (a worker that knows its owner's lease
 * expired), and the row then names the new owner: the old process's later journal writes,
 * heartbeats and outcome are refused (`run-taken-over`), so two processes never run one run's steps
 * side by side. Queued runs are never interrupted.
 */
export class PgRunStore implements RunStore {
  readonly journal: RunJournal;
  private readonly scrubber: SecretScrubber;
  private readonly writes: PgWriteQueue;
  private readonly reads: PgRunReads;
  /** Beats for the runs this process runs; undefined when read-only. */
  private readonly heartbeat: RunHeartbeat | undefined;
  private beating = false;
  /** Who this store recorded as running each run it started or reopened: its writes for the run are fenced by it. */
  private readonly owners = new Map<string, RunOwner>();
  private closed = false;

  constructor(
    private readonly pool: pg.Pool,
    readonly path: string,
    readonly schemaVersion: number,
    readonly readonly: boolean,
    private readonly leaseMs: number,
    tuning: RunStoreTuning = {},
  ) {
    this.scrubber = tuning.scrubber ?? NO_SECRETS;
    this.writes = new PgWriteQueue(pool, path, {
      // Span events over the network: in fewer, larger statements than a local file's (reads in this process flush them first).
      flushIntervalMs: tuning.flushIntervalMs ?? PG_FLUSH_INTERVAL_MS,
      flushEvents: tuning.flushEvents ?? DEFAULT_FLUSH_EVENTS,
      writeEvents: (client, events) => this.insertEvents(client, events),
    });
    this.reads = new PgRunReads(path, leaseMs);
    this.journal = new PgRunJournal({
      path,
      scrubber: this.scrubber,
      write: async (runId, work) => {
        // A step's start or end is one statement (its run's row locked in it): atomic alone, one round trip.
        const refusal = await this.writes.awaited(runId, work, { single: true });
        if (refusal) throw refusal;
      },
      queue: (runId, work, tag) =>
        this.writes.enqueue(
          runId,
          async (client) => {
            const refusal = await work(client);
            if (refusal) this.writes.refuse(runId, refusal);
          },
          { single: true, leaveEvents: true, tag },
        ),
      takePendingEnd: (runId, accept) => this.writes.takeLast(runId, (tag): tag is PendingEnd => isPendingEnd(tag) && accept(tag)),
      read: (work, runId) => this.writes.read(work, runId),
      owner: (runId) => this.owners.get(runId),
      takenOver: (runId, client) => this.takenOver(runId, client),
    });
    if (!readonly) this.heartbeat = new RunHeartbeat((runIds, now) => this.beat(runIds, now), tuning.heartbeatMs);
  }

  /** Sessions are kept in a SQLite run store only, for now: their turns lock and update state in ways not yet ported. */
  get sessions(): SessionStore {
    throw new UserError('sessions-need-sqlite', `sessions are kept in a SQLite run store only for now, and the run store is ${this.path}`, {
      hint: 'set runs: in ca.yaml to a path (or unset CA_RUNS_URL) to chat',
      exitCode: EXIT.usage,
    });
  }

  async enqueueRun(run: QueuedRun): Promise<void> {
    this.assertWritable('enqueueRun');
    await this.writes.awaited(NO_RUN, async (client) => {
      try {
        await client.query(
          `INSERT INTO ${S}.runs (id, name, kind, status, started_at, queued_at, input, pid, host, alive_at, queue, env, release)
           VALUES ($1, $2, $3, 'queued', $4, $4, $5, $6, $7, ${DB_NOW}, $8, $9, $10)`,
          [run.runId, run.name, run.kind, run.at, this.json(run.input), process.pid, HOST, run.queue, run.env ?? null, run.release ?? null],
        );
      } catch (error) {
        if ((error as { code?: string }).code === '23505') throw this.runExists(run.runId);
        throw error;
      }
    }, { alone: true, lane: run.runId });
  }

  /**
   * Inserts the row, or turns a `queued` row of that id into this run: status `running`, this
   * process, and `started_at` the start (the run's duration is its execution, as its events say;
   * `queued_at` keeps when it was queued).
   */
  startRun(event: RunStartedEvent, origin: RunOrigin = {}): void {
    this.assertWritable('startRun');
    this.writes.rethrowFailure();
    const owner = { pid: origin.pid ?? process.pid, host: origin.host ?? HOST };
    this.owners.set(event.runId, owner);
    this.writes.enqueue(event.runId, async (client) => {
      // The row and its first event in one statement: atomic alone, one round trip.
      const { rowCount } = await client.query(
        `WITH started AS (
           INSERT INTO ${S}.runs AS r (id, name, kind, status, started_at, input, session_id, pid, host, alive_at, forked_from, fork_step)
           VALUES ($1, $2, $3, 'running', $4, $5, $6, $7, $8, ${DB_NOW}, $9, $10)
           ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, kind = EXCLUDED.kind, status = 'running', started_at = EXCLUDED.started_at,
             input = EXCLUDED.input, session_id = EXCLUDED.session_id, pid = EXCLUDED.pid, host = EXCLUDED.host, heartbeat_at = NULL,
             alive_at = EXCLUDED.alive_at, forked_from = EXCLUDED.forked_from, fork_step = EXCLUDED.fork_step
           WHERE r.status = 'queued'
           RETURNING id)
         INSERT INTO ${S}.events (run_id, seq, at, type, span_id, data) SELECT id, $11, $4, 'run.started', $12, $13 FROM started`,
        [event.runId, event.name, event.kind, event.at, this.json(event.input), event.sessionId ?? null, owner.pid, owner.host, event.forkOf?.runId ?? null, event.forkOf?.step ?? null, event.seq, event.spanId, this.scrubber.text(traceEventJson(event))],
      );
      // Another worker started this queued run (or the id is taken): this one's writes for it are left out.
      if (rowCount === 0) return this.writes.refuse(event.runId, this.runExists(event.runId));
    }, { single: true });
    // Only the process running it can say it is alive.
    if (isThisProcess(owner)) this.heartbeat?.add(event.runId);
  }

  append(events: TraceEvent | readonly TraceEvent[]): void {
    this.assertWritable('append');
    this.writes.rethrowFailure();
    for (const event of Array.isArray(events) ? (events as readonly TraceEvent[]) : [events as TraceEvent]) {
      if (event.type === 'run.started') this.startRun(event);
      else if (event.type === 'run.ended') this.finishRun(event);
      // Written at once, like a start: a resumed segment is on record before any of its steps.
      else if (event.type === 'run.resumed') this.writes.enqueue(event.runId, (client) => this.insertEvents(client, [event]), { single: true });
      else this.writes.push(event);
    }
  }

  finishRun(event: RunEndedEvent): void {
    this.assertWritable('finishRun');
    this.writes.rethrowFailure();
    const owner = this.owners.get(event.runId);
    this.writes.enqueue(event.runId, async (client) => {
      const values: unknown[] = [
        event.runId,
        event.status,
        event.at,
        Math.round(event.durationMs),
        event.tokens.input,
        event.tokens.output,
        event.costUsd,
        this.json(event.output),
        this.json(event.error),
      ];
      // The outcome and the `run.ended` event in one statement: atomic alone, one round trip.
      const { rowCount } = await client.query(
        `WITH ended AS (
           UPDATE ${S}.runs SET status = $2, ended_at = $3, duration_ms = $4, input_tokens = $5, output_tokens = $6, cost_usd = $7, output = $8, error = $9
           WHERE id = $1${owner ? ' AND pid = $12 AND host = $13' : ''}
           RETURNING id)
         INSERT INTO ${S}.events (run_id, seq, at, type, span_id, data) SELECT id, $10, $3, 'run.ended', NULL, $11 FROM ended`,
        [...values, event.seq, this.scrubber.text(traceEventJson(event)), ...(owner ? [owner.pid, owner.host] : [])],
      );
      if (rowCount === 0) {
        return this.writes.refuse(event.runId, owner ? await this.takenOver(event.runId, client) : new Error(`finishRun: no run ${event.runId} in ${this.path} (startRun first)`));
      }
      // Once its end is in: the run's buffered events went first, fenced by it.
      if (this.owners.get(event.runId) === owner) this.owners.delete(event.runId);
    }, { single: true });
    this.heartbeat?.remove(event.runId);
  }

  async reopenRun(runId: string, origin: RunOrigin = {}, options: ReopenOptions = {}): Promise<RunSegment> {
    this.assertWritable('reopenRun');
    const owner = { pid: origin.pid ?? process.pid, host: origin.host ?? HOST };
    const context = { path: this.path, leaseMs: this.leaseMs, scrubber: this.scrubber };
    const segment = await this.writes.awaited(NO_RUN, (client) => reopenRunRow(client, runId, owner, options, context), { alone: true, lane: runId });
    // This store runs it now: a refusal from an earlier owner of it here is moot.
    this.owners.set(runId, owner);
    this.writes.forgive(runId);
    if (isThisProcess(owner)) this.heartbeat?.add(runId);
    return segment;
  }

  recordFingerprints(runId: string, fingerprints: Readonly<Record<string, string>>): void {
    this.assertWritable('recordFingerprints');
    this.writes.rethrowFailure();
    const text = JSON.stringify(fingerprints);
    const owner = this.owners.get(runId);
    this.writes.enqueue(runId, async (client) => {
      // Not onto a run another process took over.
      if (owner) await client.query(`UPDATE ${S}.runs SET fingerprints = $2 WHERE id = $1 AND pid = $3 AND host = $4`, [runId, text, owner.pid, owner.host]);
      else await client.query(`UPDATE ${S}.runs SET fingerprints = $2 WHERE id = $1`, [runId, text]);
    }, { single: true, leaveEvents: true });
  }

  readFingerprints(runId: string): Promise<Record<string, string> | undefined> {
    return this.writes.read((db) => this.reads.fingerprints(db, runId), runId);
  }

  async moveRelease(runId: string, from: string, to: string): Promise<boolean> {
    this.assertWritable('moveRelease');
    return this.writes.awaited(NO_RUN, async (client) => {
      // A `running` row whose owner stopped beating (it reads interrupted) may move too; a live one may not.
      const { rowCount } = await client.query(
        `UPDATE ${S}.runs SET release = $1 WHERE id = $2 AND release = $3
           AND (status IN ('queued', 'waiting', 'interrupted') OR (status = 'running' AND alive_at < ${DB_NOW} - $4))`,
        [to, runId, from, this.leaseMs],
      );
      return rowCount === 1;
    });
  }

  importRun(run: RecordedRun): Promise<boolean> {
    this.assertWritable('importRun');
    // One transaction: a copy cut off half-way leaves no part of a run behind.
    return this.writes.awaited(NO_RUN, (client) => importPgRun(client, run, this.scrubber), { alone: true, lane: run.run.id });
  }

  async answerApproval(runId: string, key: string, decision: JsonValue, at: number): Promise<boolean> {
    this.assertWritable('answerApproval');
    return this.writes.awaited(NO_RUN, async (client) => {
      const { rowCount } = await client.query(
        `UPDATE ${S}.steps SET status = 'succeeded', ended_at = $1, output = $2 WHERE run_id = $3 AND key = $4 AND kind = 'approval' AND status IN ('started', 'cancelled')`,
        [at, this.scrubber.text(JSON.stringify(decision)), runId, key],
      );
      return rowCount === 1;
    }, { lane: runId, single: true });
  }

  async flush(): Promise<void> {
    if (this.readonly) return;
    await this.writes.awaited(ANY_RUN);
  }

  listRuns(query: RunQuery = {}): Promise<TimedRunSummary[]> {
    return this.writes.read((db) => this.reads.list(db, query));
  }

  getRun(idOrPrefix: string): Promise<TimedRunRecord> {
    const wanted = idOrPrefix.trim();
    // A whole run id (a worker's own lookup) waits for that run's writes only.
    return this.writes.read((db) => this.reads.get(db, wanted), /^r_[0-9a-z]{14}$/.test(wanted) ? wanted : undefined);
  }

  readEvents(runId: string): Promise<TraceEvent[]> {
    return this.writes.read((db) => this.reads.events(db, runId), runId);
  }

  latestStatusByName(): Promise<Map<string, RunStatus>> {
    return this.writes.read((db) => this.reads.latestStatusByName(db));
  }

  /** Records the runs whose process is gone (dead pid on this host, or lease run out) as `interrupted`; every writable open does. */
  async markInterrupted(): Promise<number> {
    this.assertWritable('markInterrupted');
    return this.writes.awaited(NO_RUN, (client) => markInterruptedRuns(client, this.leaseMs));
  }

  /** Writes what is queued, stops the heartbeats and ends the pool; throws a queued write's failure. A second call does nothing. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.heartbeat?.stop();
    this.writes.stopTimer();
    try {
      if (!this.readonly) await this.writes.awaited(ANY_RUN);
    } finally {
      await this.pool.end().catch(() => undefined);
    }
  }

  /** Fenced events (pg-run-events.ts): an owned run whose row names another process now is refused, the other runs' events go in. */
  private async insertEvents(client: pg.PoolClient, events: readonly TraceEvent[]): Promise<void> {
    for (const runId of await insertEvents(client, events, this.scrubber, this.owners)) this.writes.refuse(runId, await this.takenOver(runId, client));
  }

  /** One beat for this process's open runs, fenced by owner; best effort, and never two at once. */
  private beat(runIds: readonly string[], now: number): void {
    if (this.beating || this.closed) return;
    this.beating = true;
    beatRuns(this.pool, runIds, now)
      .catch(() => undefined)
      .finally(() => {
        this.beating = false;
      });
  }

  /** Why a fenced write of `runId` changed nothing; the owner stays, so this store's later writes for the run are refused too. */
  private async takenOver(runId: string, client: pg.PoolClient): Promise<Error> {
    const error = await takenOverError(client, runId, this.path);
    this.heartbeat?.remove(runId);
    return error;
  }

  private runExists(runId: string): UserError {
    return new UserError('run-exists', `run ${runId} is already recorded in ${this.path}: a run id starts once (a queued run, by one worker)`, {
      hint: 'see ca runs; resume a stopped run with ca run --resume RUN',
      exitCode: EXIT.usage,
    });
  }

  /** A value as JSON text for a column, known secrets removed: the text is what reaches the database. */
  private json(value: unknown): string | null {
    return scrubbedValueJson(value, this.scrubber);
  }

  private assertWritable(method: string): void {
    if (this.readonly) throw new Error(`${method}: the run store ${this.path} was opened read-only`);
  }
}
