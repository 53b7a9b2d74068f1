import pg from 'pg';
import { closest, distance } from 'fastest-levenshtein';
import { EXIT, UserError } from '../../core/errors.js';
import type { RunJournal } from '../../core/journal.js';
import { toJsonValue, type JsonValue } from '../../core/json-value.js';
import { durationKindOf, type TimedRunRecord, type TimedRunSummary } from '../../core/run-timing.js';
import { NO_SECRETS, type SecretScrubber } from '../../core/secret-scrubber.js';
import { maskUrl } from '../../core/store-location.js';
import {
  type RunEndedEvent,
  type RunSegment,
  type RunStartedEvent,
  type RunStatus,
  type SpanKind,
  type TraceError,
  type TraceEvent,
  traceEventJson,
} from '../../core/trace.js';
import { HOST, isProcessAlive } from '../process-liveness.js';
import { RunHeartbeat } from '../run-heartbeat.js';
import { type DeadRun, interruptedEnd } from '../run-store-interrupted.js';
import type { RunStoreTuning } from '../run-store-sqlite.js';
import type { QueuedRun, ReopenOptions, RunOrigin, RunQuery, RunStore } from '../run-store.js';
import type { SessionStore } from '../session-store.js';
import { PG_RUN_STORE, toPgError } from './pg-errors.js';
import { PgRunJournal, type RunOwner } from './pg-run-journal.js';
import {
  assertPgRunsNotTooNew,
  migratePgRuns,
  PG_RUN_READABLE_FROM,
  PG_RUN_SCHEMA,
  pgRunsMissing,
  pgRunsOutdated,
  readPgRunsVersion,
} from './pg-run-schema.js';

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

export const DEFAULT_RUN_LEASE_MS = 15_000;
const DEFAULT_RUN_LIMIT = 20;
const DEFAULT_FLUSH_INTERVAL_MS = 50;
const DEFAULT_FLUSH_EVENTS = 1000;
/** Just above every character: with `COLLATE "C"` ids, `id >= p AND id < p || MAX_CHAR` is "starts with p" on the index (LIKE would treat `_` as a wildcard). */
const MAX_CHAR = String.fromCodePoint(0x10ffff);
const S = PG_RUN_SCHEMA;
/** The database's clock in ms: what `alive_at` holds and the lease is measured with. */
const DB_NOW = '(extract(epoch from clock_timestamp()) * 1000)::bigint';
/** Every column of a run, and the database's clock to judge its lease by. */
const RUN_COLUMNS = `r.*, ${DB_NOW} AS db_now`;
const APPLICATION = `ca-runs:${process.pid}@${HOST}`;
/** Which run's refusal an awaited write throws: its own run's (the journal), any run's (flush, close), or none. */
const ANY_RUN = Symbol('any run');
const NO_RUN = Symbol('no run');
type Refusals = string | typeof ANY_RUN | typeof NO_RUN;

/** BIGINT columns (times in ms, tokens, counts) as numbers, as SQLite gives them; every other type as pg parses it. */
const TYPES: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.INT8 ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig['getTypeParser'],
};

/** A `runs` row as PostgreSQL returns it, with `db_now` (the database's clock when it was read). */
interface RunRow {
  id: string;
  name: string;
  kind: string;
  status: string;
  started_at: number;
  ended_at: number | null;
  duration_ms: number | null;
  input_tokens: number;
  output_tokens: number;
  cost_usd: number;
  input: string | null;
  output: string | null;
  error: string | null;
  session_id: string | null;
  pid: number;
  host: string;
  heartbeat_at: number | null;
  alive_at: number;
  forked_from: string | null;
  fork_step: string | null;
  fingerprints: string | null;
  queue: string | null;
  queued_at: number | null;
  db_now: number;
}

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
    max: 4,
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
      const client = await pool.connect();
      // A connection the server ends between two statements emits 'error', which must not end the process.
      let broken: Error | undefined;
      const onError = (error: Error) => {
        broken = error;
      };
      client.on('error', onError);
      try {
        version = await migratePgRuns(client, shown);
      } catch (error) {
        broken ??= error as Error;
        throw error;
      } finally {
        client.off('error', onError);
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

function leaseFromEnv(): number {
  const text = process.env.CA_RUN_LEASE_MS?.trim();
  if (!text) return DEFAULT_RUN_LEASE_MS;
  const value = Number(text);
  if (Number.isFinite(value) && value > 0) return value;
  throw new UserError('runs-lease-invalid', `CA_RUN_LEASE_MS is not a positive number of milliseconds: ${text}`, {
    hint: `unset it for the default (${DEFAULT_RUN_LEASE_MS} ms), or set it well above the heartbeat (1000 ms)`,
    exitCode: EXIT.usage,
  });
}

/**
 * The RunStore on a PostgreSQL pool, with SqliteRunStore's semantics (run-store.ts is the contract).
 *
 * Writing. `startRun`, `append`, `finishRun` and `recordFingerprints` return at once: each queues
 * one transaction on a single promise chain, so they reach the database in call order. Span events
 * wait in a buffer and go in one multi-row INSERT: on a timer (`flushIntervalMs`), once
 * `flushEvents` wait, and ahead of any later write, in that write's transaction. Awaited writes
 * (the journal, `flush`, `reopenRun`, `answerApproval`, `enqueueRun`) join the same chain, so a
 * step is on record after the run's row and the events before it.
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
 * Liveness, across machines. A `running` run is `interrupted` when its process is known to be gone:
 * on this host its pid is dead, or, on any host, the row has not been heard of for `leaseMs`
 * (`alive_at`, the database's clock at its start, last heartbeat or resume, so no machine's clock
 * decides). Its process beats every `heartbeatMs` (RunHeartbeat). `reopenRun(…, { takeOver })` takes
 * a `running` run over regardless (a worker that knows its owner's lease expired), and the row then
 * names the new owner: the old process's later journal writes, heartbeats and outcome are refused
 * (`run-taken-over`), so two processes never run one run's steps side by side. Queued runs are
 * never interrupted.
 */
export class PgRunStore implements RunStore {
  readonly journal: RunJournal;
  private readonly scrubber: SecretScrubber;
  private readonly flushIntervalMs: number;
  private readonly flushEvents: number;
  private buffer: TraceEvent[] = [];
  private timer: NodeJS.Timeout | undefined;
  /** The end of the write queue; it never rejects (each write's outcome goes to its caller, or to `failure`). */
  private tail: Promise<unknown> = Promise.resolve();
  /** A queued write that failed: thrown by the next awaited call. */
  private failure: unknown;
  /** Why writes for a run were left out (taken over, started elsewhere, no such run): thrown by its next journal write, or by flush or close. */
  private readonly refused = new Map<string, Error>();
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
    this.flushIntervalMs = tuning.flushIntervalMs ?? DEFAULT_FLUSH_INTERVAL_MS;
    this.flushEvents = tuning.flushEvents ?? DEFAULT_FLUSH_EVENTS;
    this.journal = new PgRunJournal({
      path,
      scrubber: this.scrubber,
      write: async (runId, work) => {
        const refusal = await this.awaitedWrite(runId, work);
        if (refusal) throw refusal;
      },
      read: (work) => this.read(work),
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
    await this.awaitedWrite(NO_RUN, async (client) => {
      try {
        await client.query(
          `INSERT INTO ${S}.runs (id, name, kind, status, started_at, queued_at, input, pid, host, alive_at, queue)
           VALUES ($1, $2, $3, 'queued', $4, $4, $5, $6, $7, ${DB_NOW}, $8)`,
          [run.runId, run.name, run.kind, run.at, this.json(run.input), process.pid, HOST, run.queue],
        );
      } catch (error) {
        if ((error as { code?: string }).code === '23505') throw this.runExists(run.runId);
        throw error;
      }
    }, { alone: true });
  }

  /**
   * Inserts the row, or turns a `queued` row of that id into this run: status `running`, this
   * process, and `started_at` the start (the run's duration is its execution, as its events say;
   * `queued_at` keeps when it was queued).
   */
  startRun(event: RunStartedEvent, origin: RunOrigin = {}): void {
    this.assertWritable('startRun');
    this.rethrowFailure();
    const owner = { pid: origin.pid ?? process.pid, host: origin.host ?? HOST };
    this.owners.set(event.runId, owner);
    this.enqueue(async (client) => {
      const { rowCount } = await client.query(
        `INSERT INTO ${S}.runs AS r (id, name, kind, status, started_at, input, session_id, pid, host, alive_at, forked_from, fork_step)
         VALUES ($1, $2, $3, 'running', $4, $5, $6, $7, $8, ${DB_NOW}, $9, $10)
         ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, kind = EXCLUDED.kind, status = 'running', started_at = EXCLUDED.started_at,
           input = EXCLUDED.input, session_id = EXCLUDED.session_id, pid = EXCLUDED.pid, host = EXCLUDED.host, heartbeat_at = NULL,
           alive_at = EXCLUDED.alive_at, forked_from = EXCLUDED.forked_from, fork_step = EXCLUDED.fork_step
         WHERE r.status = 'queued'`,
        [event.runId, event.name, event.kind, event.at, this.json(event.input), event.sessionId ?? null, owner.pid, owner.host, event.forkOf?.runId ?? null, event.forkOf?.step ?? null],
      );
      // Another worker started this queued run (or the id is taken): this one's writes for it are left out.
      if (rowCount === 0) return this.refuse(event.runId, this.runExists(event.runId));
      await this.insertEvents(client, [event]);
    });
    // Only the process running it can say it is alive.
    if (isThisProcess(owner)) this.heartbeat?.add(event.runId);
  }

  append(events: TraceEvent | readonly TraceEvent[]): void {
    this.assertWritable('append');
    this.rethrowFailure();
    for (const event of Array.isArray(events) ? (events as readonly TraceEvent[]) : [events as TraceEvent]) {
      if (event.type === 'run.started') this.startRun(event);
      else if (event.type === 'run.ended') this.finishRun(event);
      // Written at once, like a start: a resumed segment is on record before any of its steps.
      else if (event.type === 'run.resumed') this.enqueue((client) => this.insertEvents(client, [event]));
      else {
        this.buffer.push(event);
        if (this.buffer.length >= this.flushEvents) this.enqueue();
      }
    }
    if (this.buffer.length > 0 && this.timer === undefined) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        if (this.buffer.length > 0) this.enqueue();
      }, this.flushIntervalMs);
      // A run that ends without finishRun still lets the process exit.
      this.timer.unref();
    }
  }

  finishRun(event: RunEndedEvent): void {
    this.assertWritable('finishRun');
    this.rethrowFailure();
    const owner = this.owners.get(event.runId);
    this.enqueue(async (client) => {
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
      const { rowCount } = await client.query(
        `UPDATE ${S}.runs SET status = $2, ended_at = $3, duration_ms = $4, input_tokens = $5, output_tokens = $6, cost_usd = $7, output = $8, error = $9
         WHERE id = $1${owner ? ' AND pid = $10 AND host = $11' : ''}`,
        owner ? [...values, owner.pid, owner.host] : values,
      );
      if (rowCount === 0) {
        return this.refuse(event.runId, owner ? await this.takenOver(event.runId, client) : new Error(`finishRun: no run ${event.runId} in ${this.path} (startRun first)`));
      }
      await this.insertEvents(client, [event]);
      // Once its end is in: the run's buffered events went first, fenced by it.
      if (this.owners.get(event.runId) === owner) this.owners.delete(event.runId);
    });
    this.heartbeat?.remove(event.runId);
  }

  async reopenRun(runId: string, origin: RunOrigin = {}, options: ReopenOptions = {}): Promise<RunSegment> {
    this.assertWritable('reopenRun');
    const owner = { pid: origin.pid ?? process.pid, host: origin.host ?? HOST };
    const segment = await this.awaitedWrite(NO_RUN, async (client) => {
      // Locked until this transaction ends: of two workers taking a run over, one does, the other sees it running.
      const row = (await client.query<RunRow>(`SELECT ${RUN_COLUMNS} FROM ${S}.runs r WHERE id = $1 FOR UPDATE`, [runId])).rows[0];
      if (!row) throw await this.notFound(runId, client);
      const status = options.takeOver && row.status === 'running' ? 'interrupted' : this.statusOf(row);
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
      const events = await this.eventsOf(client, runId);
      let nextSeq = events.reduce((max, event) => Math.max(max, event.seq), -1) + 1;
      const previous = [...events].reverse().find((event): event is RunEndedEvent => event.type === 'run.ended');
      let spent: RunSegment['spent'] = {
        tokens: { input: row.input_tokens, output: row.output_tokens },
        costUsd: row.cost_usd,
        durationMs: previous?.durationMs ?? row.duration_ms ?? 0,
      };
      if (!segmentEnded(events)) {
        // A segment the process never ended (it died): its `run.ended` is written now, as a reader
        // would have made it up, and it says what the run spent (a row taken over before any
        // writable open recorded it interrupted has none of that yet).
        const end = { ...interruptedEnd(deadRun(row), events), seq: nextSeq++ };
        await this.insertEvents(client, [end], { fenced: false });
        spent = { tokens: end.tokens, costUsd: end.costUsd, durationMs: end.durationMs };
      }
      const root = await client.query<{ attempts: number }>(`SELECT attempts FROM ${S}.steps WHERE run_id = $1 AND key = $2`, [runId, row.name]);
      await client.query(
        `UPDATE ${S}.runs SET status = 'running', ended_at = NULL, duration_ms = NULL, output = NULL, error = NULL, pid = $2, host = $3,
         heartbeat_at = $4, alive_at = ${DB_NOW} WHERE id = $1`,
        [runId, owner.pid, owner.host, Date.now()],
      );
      return {
        segment: events.filter((event) => event.type === 'run.resumed').length + 2,
        from: status as RunSegment['from'],
        nextSeq,
        spent,
        rootAttempts: root.rows[0]?.attempts ?? 1,
      };
    }, { alone: true });
    // This store runs it now: a refusal from an earlier owner of it here is moot.
    this.owners.set(runId, owner);
    this.refused.delete(runId);
    if (isThisProcess(owner)) this.heartbeat?.add(runId);
    return segment;
  }

  recordFingerprints(runId: string, fingerprints: Readonly<Record<string, string>>): void {
    this.assertWritable('recordFingerprints');
    this.rethrowFailure();
    const text = JSON.stringify(fingerprints);
    const owner = this.owners.get(runId);
    this.enqueue(async (client) => {
      // Not onto a run another process took over.
      if (owner) await client.query(`UPDATE ${S}.runs SET fingerprints = $2 WHERE id = $1 AND pid = $3 AND host = $4`, [runId, text, owner.pid, owner.host]);
      else await client.query(`UPDATE ${S}.runs SET fingerprints = $2 WHERE id = $1`, [runId, text]);
    });
  }

  async readFingerprints(runId: string): Promise<Record<string, string> | undefined> {
    const rows = await this.read(async (db) => (await db.query<{ fingerprints: string | null }>(`SELECT fingerprints FROM ${S}.runs WHERE id = $1`, [runId])).rows);
    return rows[0]?.fingerprints ? (JSON.parse(rows[0].fingerprints) as Record<string, string>) : undefined;
  }

  async answerApproval(runId: string, key: string, decision: JsonValue, at: number): Promise<boolean> {
    this.assertWritable('answerApproval');
    return this.awaitedWrite(NO_RUN, async (client) => {
      const { rowCount } = await client.query(
        `UPDATE ${S}.steps SET status = 'succeeded', ended_at = $1, output = $2 WHERE run_id = $3 AND key = $4 AND kind = 'approval' AND status IN ('started', 'cancelled')`,
        [at, this.scrubber.text(JSON.stringify(decision)), runId, key],
      );
      return rowCount === 1;
    });
  }

  async flush(): Promise<void> {
    if (this.readonly) return;
    await this.awaitedWrite(ANY_RUN);
  }

  async listRuns(query: RunQuery = {}): Promise<TimedRunSummary[]> {
    const limit = query.limit ?? DEFAULT_RUN_LIMIT;
    const where: string[] = [];
    const params: unknown[] = [];
    if (query.name !== undefined) {
      params.push(query.name);
      where.push(`name = $${params.length}`);
    }
    if (query.sessionId !== undefined) {
      params.push(query.sessionId);
      where.push(`session_id = $${params.length}`);
    }
    // A `running` row may really be interrupted (its process died, or its lease ran out): those
    // two statuses are decided row by row, after the query.
    const decidedLater = query.status === 'running' || query.status === 'interrupted';
    if (query.status !== undefined) {
      if (decidedLater) where.push("status IN ('running', 'interrupted')");
      else {
        params.push(query.status);
        where.push(`status = $${params.length}`);
      }
    }
    const sql = `SELECT ${RUN_COLUMNS} FROM ${S}.runs r ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY started_at DESC, id DESC${
      limit > 0 && !decidedLater ? ` LIMIT ${Math.floor(limit)}` : ''
    }`;
    let runs = await this.read(async (db) => this.records(db, (await db.query<RunRow>(sql, params)).rows));
    if (decidedLater) runs = runs.filter((run) => run.status === query.status);
    if (limit > 0) runs = runs.slice(0, limit);
    return runs.map(toSummary);
  }

  async getRun(idOrPrefix: string): Promise<TimedRunRecord> {
    const wanted = idOrPrefix.trim();
    return this.read(async (db) => {
      const one = async (sql: string, params: unknown[]) => (await db.query<RunRow>(sql, params)).rows;
      const newestFirst = 'ORDER BY started_at DESC, id DESC';
      let found: RunRow | undefined;
      if (wanted === 'last') {
        found = (await one(`SELECT ${RUN_COLUMNS} FROM ${S}.runs r ${newestFirst} LIMIT 1`, []))[0];
        if (!found) throw new UserError('run-not-found', `no runs recorded yet in ${this.path}`, { hint: 'run one with ca run NAME', exitCode: EXIT.usage });
      } else if (wanted !== '') {
        found = (await one(`SELECT ${RUN_COLUMNS} FROM ${S}.runs r WHERE id = $1`, [wanted]))[0];
      }
      if (!found && wanted !== '') {
        const byPrefix = (prefix: string) => one(`SELECT ${RUN_COLUMNS} FROM ${S}.runs r WHERE id >= $1 AND id < $2 ${newestFirst} LIMIT 11`, [prefix, prefix + MAX_CHAR]);
        let candidates = await byPrefix(wanted);
        if (candidates.length === 0 && !wanted.startsWith('r_')) candidates = await byPrefix(`r_${wanted}`);
        if (candidates.length > 1) {
          const shown = candidates.slice(0, 10).map((row) => `${row.id} (${row.name})`);
          throw new UserError('run-ambiguous', `run id '${wanted}' is ambiguous: it starts ${candidates.length > 10 ? 'more than 10' : candidates.length} runs`, {
            hint: `type more of the id: ${shown.join(', ')}${candidates.length > 10 ? ', …' : ''}`,
            exitCode: EXIT.usage,
          });
        }
        found = candidates[0];
      }
      if (!found) throw await this.notFound(wanted, db);
      return (await this.records(db, [found]))[0]!;
    });
  }

  async readEvents(runId: string): Promise<TraceEvent[]> {
    return this.read(async (db) => {
      const events = await this.eventsOf(db, runId);
      const row = (await db.query<RunRow>(`SELECT ${RUN_COLUMNS} FROM ${S}.runs r WHERE id = $1`, [runId])).rows[0];
      if (row && !segmentEnded(events) && this.statusOf(row) === 'interrupted') events.push(interruptedEnd(deadRun(row), events));
      return events;
    });
  }

  async latestStatusByName(): Promise<Map<string, RunStatus>> {
    const rows = await this.read(async (db) => (await db.query<RunRow>(`SELECT DISTINCT ON (name) ${RUN_COLUMNS} FROM ${S}.runs r ORDER BY name, started_at DESC, id DESC`)).rows);
    return new Map(rows.map((row) => [row.name, this.statusOf(row)]));
  }

  /**
   * Records the runs whose process is gone (dead pid on this host, or lease run out) as
   * `interrupted`, with the tokens and duration of the events they wrote; every writable open does.
   * A row that changed meanwhile (a late heartbeat, a take-over) is left alone.
   */
  async markInterrupted(): Promise<number> {
    this.assertWritable('markInterrupted');
    return this.awaitedWrite(NO_RUN, async (client) => {
      const rows = (await client.query<RunRow>(`SELECT ${RUN_COLUMNS} FROM ${S}.runs r WHERE status = 'running'`)).rows.filter((row) => this.statusOf(row) === 'interrupted');
      let marked = 0;
      for (const row of rows) {
        const end = interruptedEnd(deadRun(row), await this.eventsOf(client, row.id));
        const { rowCount } = await client.query(
          `UPDATE ${S}.runs SET status = 'interrupted', ended_at = $2, duration_ms = $3, input_tokens = $4, output_tokens = $5, cost_usd = $6, error = $7
           WHERE id = $1 AND status = 'running' AND pid = $8 AND host = $9 AND alive_at = $10`,
          [row.id, end.at, Math.round(end.durationMs), end.tokens.input, end.tokens.output, end.costUsd, valueJson(end.error), row.pid, row.host, row.alive_at],
        );
        marked += rowCount ?? 0;
      }
      return marked;
    });
  }

  /** Writes what is queued, stops the heartbeats and ends the pool; throws a queued write's failure. A second call does nothing. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.heartbeat?.stop();
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    try {
      if (!this.readonly) await this.awaitedWrite(ANY_RUN);
    } finally {
      await this.pool.end().catch(() => undefined);
    }
  }

  /**
   * Queues one transaction behind every write before it: the buffered events first, then `work`.
   * Behind a failed write it is dropped (see the class comment); its own failure is kept for the
   * next awaited call.
   */
  private enqueue(work?: (client: pg.PoolClient) => Promise<void>): void {
    const batch = this.takeBuffer();
    void this.schedule(async () => {
      if (this.failure !== undefined) return;
      try {
        await this.transaction(async (client) => {
          await this.insertEvents(client, batch);
          await work?.(client);
        });
      } catch (error) {
        this.failure = error;
      }
    });
  }

  /**
   * A write the caller awaits, behind every queued one: a queued write's failure is thrown first, and
   * so is a refusal of the run it writes (`refusalOf`: a run id, `ANY_RUN`, or `NO_RUN` for a write
   * that reports none). The buffered events go in its transaction, or, `alone`, in one of their own
   * ahead of it (for work that may throw: its error must not take other runs' events with it).
   * Should its transaction fail, they go back to the buffer for the next write.
   */
  private awaitedWrite(refusalOf: Refusals): Promise<void>;
  private awaitedWrite<T>(refusalOf: Refusals, work: (client: pg.PoolClient) => Promise<T>, options?: { alone?: boolean }): Promise<T>;
  private awaitedWrite<T>(refusalOf: Refusals, work?: (client: pg.PoolClient) => Promise<T>, options: { alone?: boolean } = {}): Promise<T | undefined> {
    if (options.alone && this.buffer.length > 0) this.enqueue();
    const batch = this.takeBuffer();
    return this.schedule(async () => {
      this.rethrowFailure();
      this.rethrowRefusal(refusalOf);
      if (batch.length === 0 && !work) return undefined;
      try {
        return await this.transaction(async (client) => {
          await this.insertEvents(client, batch);
          return work?.(client);
        });
      } catch (error) {
        this.buffer.unshift(...batch);
        throw error;
      }
    });
  }

  private schedule<T>(work: () => Promise<T>): Promise<T> {
    const run = this.tail.then(work);
    this.tail = run.catch(() => undefined);
    return run;
  }

  /** A read that sees this store's own writes: the buffer is queued and the queue awaited (a failure there is left for the writer). */
  private async read<T>(work: (db: pg.Pool) => Promise<T>): Promise<T> {
    if (!this.readonly && this.buffer.length > 0) this.enqueue();
    await this.tail;
    try {
      return await work(this.pool);
    } catch (error) {
      throw toPgError(error, this.path, PG_RUN_STORE);
    }
  }

  /**
   * One transaction on a connection of its own. The server may end a connection while no query runs
   * (a terminated session, a failover): pg then emits 'error' on it, which would end the process if
   * nobody listened; the connection is thrown away on release.
   */
  private async transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw toPgError(error, this.path, PG_RUN_STORE);
    }
    let broken: Error | undefined;
    const onError = (error: Error) => {
      broken = error;
    };
    client.on('error', onError);
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackError: Error) => {
        broken ??= rollbackError;
      });
      throw toPgError(error, this.path, PG_RUN_STORE);
    } finally {
      client.off('error', onError);
      client.release(broken);
    }
  }

  /**
   * Events in one statement, however many: each column as an array, unnested into rows. Fenced: an
   * event of a run this store runs goes in only while the run's row names this store's process (a
   * `FOR KEY SHARE` lock, which a take-over's `FOR UPDATE` waits for); a taken-over run's are left
   * out and the run refused, the other runs' go in.
   */
  private async insertEvents(client: pg.PoolClient, events: readonly TraceEvent[], options: { fenced?: boolean } = {}): Promise<void> {
    if (events.length === 0) return;
    const fenced = options.fenced ?? true;
    const columns: [string[], number[], number[], string[], (string | null)[], string[], (number | null)[], (string | null)[]] = [[], [], [], [], [], [], [], []];
    const owned = new Set<string>();
    for (const event of events) {
      const owner = fenced ? this.owners.get(event.runId) : undefined;
      if (owner) owned.add(event.runId);
      columns[0].push(event.runId);
      columns[1].push(event.seq);
      columns[2].push(event.at);
      columns[3].push(event.type);
      columns[4].push('spanId' in event ? event.spanId : null);
      columns[5].push(this.scrubber.text(traceEventJson(event)));
      columns[6].push(owner?.pid ?? null);
      columns[7].push(owner?.host ?? null);
    }
    const { rowCount } = await client.query(
      `INSERT INTO ${S}.events (run_id, seq, at, type, span_id, data)
       SELECT e.run_id, e.seq, e.at, e.type, e.span_id, e.data
         FROM unnest($1::text[], $2::int[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::int[], $8::text[]) AS e (run_id, seq, at, type, span_id, data, pid, host)
        WHERE e.pid IS NULL OR EXISTS (SELECT 1 FROM ${S}.runs r WHERE r.id = e.run_id AND r.pid = e.pid AND r.host = e.host FOR KEY SHARE)`,
      columns,
    );
    if (rowCount === events.length) return;
    const { rows } = await client.query<RunOwner & { id: string }>(`SELECT id, pid, host FROM ${S}.runs WHERE id = ANY($1::text[])`, [[...owned]]);
    const now = new Map(rows.map((row) => [row.id, row]));
    for (const runId of owned) {
      const owner = this.owners.get(runId)!;
      const row = now.get(runId);
      if (!row || row.pid !== owner.pid || row.host !== owner.host) this.refuse(runId, await this.takenOver(runId, client));
    }
  }

  private async eventsOf(db: pg.Pool | pg.PoolClient, runId: string): Promise<TraceEvent[]> {
    return (await db.query<{ data: string }>(`SELECT data FROM ${S}.events WHERE run_id = $1 ORDER BY seq`, [runId])).rows.map((row) => JSON.parse(row.data) as TraceEvent);
  }

  /** One beat for this process's open runs, fenced by owner; best effort, and never two at once. */
  private beat(runIds: readonly string[], now: number): void {
    if (this.beating || this.closed) return;
    this.beating = true;
    this.pool
      .query(`UPDATE ${S}.runs SET heartbeat_at = $1, alive_at = ${DB_NOW} WHERE id = ANY($2::text[]) AND status = 'running' AND pid = $3 AND host = $4`, [now, runIds, process.pid, HOST])
      .catch(() => undefined)
      .finally(() => {
        this.beating = false;
      });
  }

  /** The rows as reported, durations included; the events of runs found dead but not yet recorded so are read in one query. */
  private async records(db: pg.Pool, rows: readonly RunRow[]): Promise<TimedRunRecord[]> {
    const unmarked = rows.filter((row) => row.status === 'running' && this.statusOf(row) === 'interrupted').map((row) => row.id);
    const eventsByRun = new Map<string, TraceEvent[]>();
    if (unmarked.length > 0) {
      const { rows: events } = await db.query<{ run_id: string; data: string }>(`SELECT run_id, data FROM ${S}.events WHERE run_id = ANY($1::text[]) ORDER BY run_id, seq`, [unmarked]);
      for (const event of events) {
        const list = eventsByRun.get(event.run_id) ?? [];
        list.push(JSON.parse(event.data) as TraceEvent);
        eventsByRun.set(event.run_id, list);
      }
    }
    return rows.map((row) => this.toRecord(row, eventsByRun.get(row.id) ?? []));
  }

  /** The row as reported: `events` are a dead, not yet recorded run's own (to make up its end from). */
  private toRecord(row: RunRow, events: readonly TraceEvent[]): TimedRunRecord {
    const status = this.statusOf(row);
    // A running run is timed up to the read, by this machine's clock (its start is the writer's).
    const now = Date.now();
    const record: TimedRunRecord = {
      id: row.id,
      name: row.name,
      kind: row.kind as SpanKind,
      status,
      startedAt: row.started_at,
      durationMs: status === 'running' ? Math.max(0, now - row.started_at) : (row.duration_ms ?? Math.max(0, (row.ended_at ?? row.started_at) - row.started_at)),
      durationKind: durationKindOf(status),
      tokens: { input: row.input_tokens, output: row.output_tokens },
      costUsd: row.cost_usd,
      endedAt: row.ended_at,
      pid: row.pid,
      host: row.host,
    };
    if (row.error !== null) record.error = JSON.parse(row.error) as TraceError;
    if (row.session_id !== null) record.sessionId = row.session_id;
    if (row.input !== null) record.input = JSON.parse(row.input);
    if (row.forked_from) record.forkOf = { runId: row.forked_from, step: row.fork_step ?? '' };
    if (row.queue) record.queue = row.queue;
    if (row.output !== null) record.output = JSON.parse(row.output);
    if (status === 'interrupted' && row.status === 'running') {
      // Not yet recorded (a read-only open, or its lease ran out since the last writable open): what a writable open would record.
      const end = interruptedEnd(deadRun(row), events);
      Object.assign(record, { endedAt: end.at, durationMs: end.durationMs, tokens: end.tokens, costUsd: end.costUsd, error: end.error });
    }
    return record;
  }

  /** The row's status, except that a `running` run whose process is gone is `interrupted`. */
  private statusOf(row: RunRow): RunStatus {
    const status = row.status as RunStatus;
    if (status !== 'running') return status;
    if (row.db_now - row.alive_at > this.leaseMs) return 'interrupted';
    if (row.host !== HOST) return 'running';
    // The latest time the row's process wrote: a process that reuses a dead one's pid started after it.
    const since = Math.max(row.started_at, row.heartbeat_at ?? row.started_at);
    return isProcessAlive(row.pid, row.host, new Date(since).toISOString()) ? 'running' : 'interrupted';
  }

  private async notFound(wanted: string, db: pg.Pool | pg.PoolClient): Promise<UserError> {
    const recent = (await db.query<{ id: string; name: string }>(`SELECT id, name FROM ${S}.runs ORDER BY started_at DESC, id DESC LIMIT 200`)).rows;
    if (recent.length === 0) return new UserError('run-not-found', `no runs recorded yet in ${this.path}`, { hint: 'run one with ca run NAME', exitCode: EXIT.usage });
    const guess = wanted === '' ? undefined : closest(wanted, recent.map((run) => run.id));
    const near = guess !== undefined && distance(wanted, guess) <= 3;
    const latest = recent.slice(0, 3).map((run) => `${run.id} (${run.name})`).join(', ');
    return new UserError('run-not-found', `no run '${wanted}' in ${this.path}`, {
      hint: `${near ? `did you mean ${guess}? ` : ''}latest: ${latest}; see ca runs, or use ca trace last`,
      exitCode: EXIT.usage,
    });
  }

  /** Why a fenced write of `runId` changed nothing: another process owns the run now (or it is gone). */
  private async takenOver(runId: string, client: pg.PoolClient): Promise<Error> {
    const row = (await client.query<{ pid: number; host: string }>(`SELECT pid, host FROM ${S}.runs WHERE id = $1`, [runId])).rows[0];
    // The owner stays: this store's later writes for the run are refused too.
    this.heartbeat?.remove(runId);
    if (!row) return new Error(`no run ${runId} in ${this.path} (startRun first)`);
    return new UserError('run-taken-over', `run ${runId} was taken over by pid ${row.pid} on ${row.host}: this process was not heard of within the lease, and stops writing it`, {
      hint: 'the run goes on there from its journal; see ca runs',
      exitCode: EXIT.failed,
    });
  }

  private runExists(runId: string): UserError {
    return new UserError('run-exists', `run ${runId} is already recorded in ${this.path}: a run id starts once (a queued run, by one worker)`, {
      hint: 'see ca runs; resume a stopped run with ca run --resume RUN',
      exitCode: EXIT.usage,
    });
  }

  /** A value as JSON text for a column, known secrets removed: the text is what reaches the database. */
  private json(value: unknown): string | null {
    const text = valueJson(value);
    return text === null ? null : this.scrubber.text(text);
  }

  private takeBuffer(): TraceEvent[] {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    return this.buffer.splice(0);
  }

  private refuse(runId: string, error: Error): void {
    if (!this.refused.has(runId)) this.refused.set(runId, error);
  }

  private rethrowRefusal(refusalOf: Refusals): void {
    if (refusalOf === NO_RUN) return;
    const key = refusalOf === ANY_RUN ? this.refused.keys().next().value : refusalOf;
    const error = key === undefined ? undefined : this.refused.get(key);
    if (key === undefined || error === undefined) return;
    this.refused.delete(key);
    throw error;
  }

  private rethrowFailure(): void {
    if (this.failure === undefined) return;
    const failure = this.failure;
    this.failure = undefined;
    throw failure;
  }

  private assertWritable(method: string): void {
    if (this.readonly) throw new Error(`${method}: the run store ${this.path} was opened read-only`);
  }
}

function isThisProcess(owner: RunOwner): boolean {
  return owner.pid === process.pid && owner.host === HOST;
}

/** Whether the latest segment of a run's stream (from its `run.started` or last `run.resumed`) has its `run.ended`. */
function segmentEnded(events: readonly TraceEvent[]): boolean {
  for (let index = events.length - 1; index >= 0; index--) {
    const type = events[index]!.type;
    if (type === 'run.ended') return true;
    if (type === 'run.started' || type === 'run.resumed') return false;
  }
  return false;
}

function deadRun(row: RunRow): DeadRun {
  return { id: row.id, name: row.name, startedAt: row.started_at, pid: row.pid, host: row.host, heartbeatAt: row.heartbeat_at };
}

function toSummary(record: TimedRunRecord): TimedRunSummary {
  const summary: TimedRunSummary = {
    id: record.id,
    name: record.name,
    kind: record.kind,
    status: record.status,
    startedAt: record.startedAt,
    durationMs: record.durationMs,
    durationKind: record.durationKind,
    tokens: record.tokens,
    costUsd: record.costUsd,
  };
  if (record.error !== undefined) summary.error = record.error;
  if (record.sessionId !== undefined) summary.sessionId = record.sessionId;
  return summary;
}

/** A value as JSON text for a JSON column (NULL when absent): the one conversion (core/json-value.ts), which never throws. */
function valueJson(value: unknown): string | null {
  const json = toJsonValue(value);
  return json === undefined ? null : JSON.stringify(json);
}
