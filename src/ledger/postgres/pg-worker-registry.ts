import pg from 'pg';
import { maskUrl } from '../../core/store-location.js';
import { HOST } from '../process-liveness.js';
import { type PgStore, toPgError } from './pg-errors.js';

export const PG_QUEUE: PgStore = { code: 'queue', noun: 'the run queue', envVar: 'CA_RUNS_URL' };

/** The database's clock in milliseconds: every machine's lease is measured on one clock, never its own. */
const NOW = '(extract(epoch from clock_timestamp()) * 1000)::bigint';

const SCHEMA = `
CREATE SCHEMA IF NOT EXISTS ca_queue;
CREATE TABLE IF NOT EXISTS ca_queue.workers (
  executor_id   TEXT PRIMARY KEY,
  queue         TEXT   NOT NULL,
  host          TEXT   NOT NULL,
  pid           INTEGER NOT NULL,
  started_at    BIGINT NOT NULL,
  heartbeat_at  BIGINT NOT NULL,
  stopped_at    BIGINT,
  taken_over_by TEXT
);
CREATE INDEX IF NOT EXISTS workers_live ON ca_queue.workers (queue) WHERE stopped_at IS NULL;
-- SPEC §14: the release a worker of an env serves (NULL: a worker of no env).
ALTER TABLE ca_queue.workers ADD COLUMN IF NOT EXISTS env TEXT;
ALTER TABLE ca_queue.workers ADD COLUMN IF NOT EXISTS release TEXT;
`;

/** What a worker of a worker env serves (SPEC §14). */
export interface ServedRelease {
  env: string;
  release: string;
}

/** A worker whose lease ran out, handed to the worker that noticed. */
export interface DeadWorker {
  executorId: string;
  queue: string;
  host: string;
  pid: number;
}

/**
 * Who serves the queues (SPEC §10): ca's own lease over DBOS executors. Every `ca worker` has a
 * unique executor id and beats here; a worker whose beat is older than the lease is dead, and the
 * first live worker to claim it (one UPDATE, so exactly one) hands its runs on. Times are the
 * database's clock, so machines with skewed clocks agree.
 */
export class PgWorkerRegistry {
  private constructor(
    private readonly pool: pg.Pool,
    readonly shown: string,
  ) {}

  static async open(url: string): Promise<PgWorkerRegistry> {
    const shown = maskUrl(url);
    const pool = new pg.Pool({ connectionString: url, max: 2, application_name: 'ca queue', connectionTimeoutMillis: 10_000 });
    pool.on('error', () => undefined);
    try {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await client.query("SELECT pg_advisory_xact_lock(hashtext('ca_queue.schema'))");
        await client.query(SCHEMA);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
      return new PgWorkerRegistry(pool, shown);
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw toPgError(error, shown, PG_QUEUE);
    }
  }

  /**
   * Runs `work` while holding a session advisory lock named `name` (released when `work` ends or the
   * connection dies): one process at a time, e.g. the queue engine's first migration.
   */
  async exclusive<T>(name: string, work: () => Promise<T>): Promise<T> {
    const client = await this.connect();
    // A dropped connection while we hold it is reported by the next query, not by crashing the process.
    client.on('error', () => undefined);
    try {
      await client.query('SELECT pg_advisory_lock(hashtext($1))', [name]);
      try {
        return await work();
      } finally {
        await client.query('SELECT pg_advisory_unlock(hashtext($1))', [name]).catch(() => undefined);
      }
    } finally {
      client.release();
    }
  }

  async hasSchema(name: string): Promise<boolean> {
    const { rows } = await this.query<{ found: boolean }>('SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1) AS found', [name]);
    return rows[0]?.found === true;
  }

  async register(executorId: string, queue: string, served: ServedRelease | undefined, pid = process.pid): Promise<void> {
    await this.query(
      `INSERT INTO ca_queue.workers (executor_id, queue, host, pid, started_at, heartbeat_at, env, release) VALUES ($1, $2, $3, $4, ${NOW}, ${NOW}, $5, $6)`,
      [executorId, queue, HOST, pid, served?.env ?? null, served?.release ?? null],
    );
  }

  /** False when this worker was declared dead meanwhile (its runs were handed on): it must stop. */
  async beat(executorId: string): Promise<boolean> {
    const { rowCount } = await this.query(`UPDATE ca_queue.workers SET heartbeat_at = ${NOW} WHERE executor_id = $1 AND stopped_at IS NULL`, [executorId]);
    return rowCount === 1;
  }

  async stop(executorId: string): Promise<void> {
    await this.query(`UPDATE ca_queue.workers SET stopped_at = ${NOW} WHERE executor_id = $1 AND stopped_at IS NULL`, [executorId]);
  }

  /** Claims every worker (of any queue) whose beat is older than `leaseMs`; each is claimed by exactly one caller. */
  async claimDead(me: string, leaseMs: number): Promise<DeadWorker[]> {
    const { rows } = await this.query<{ executor_id: string; queue: string; host: string; pid: number }>(
      `UPDATE ca_queue.workers SET stopped_at = ${NOW}, taken_over_by = $1
       WHERE stopped_at IS NULL AND executor_id <> $1 AND heartbeat_at < ${NOW} - $2
       RETURNING executor_id, queue, host, pid`,
      [me, Math.round(leaseMs)],
    );
    return rows.map((row) => ({ executorId: row.executor_id, queue: row.queue, host: row.host, pid: row.pid }));
  }

  /** How many workers serve `queue` now (beat within the lease); with `release`, only that release's (null: workers of no env). */
  async liveWorkers(queue: string, leaseMs: number, release?: string | null): Promise<number> {
    const { rows } = await this.query<{ n: string }>(
      `SELECT count(*) AS n FROM ca_queue.workers WHERE queue = $1 AND stopped_at IS NULL AND heartbeat_at >= ${NOW} - $2${release === undefined ? '' : ' AND release IS NOT DISTINCT FROM $3'}`,
      release === undefined ? [queue, Math.round(leaseMs)] : [queue, Math.round(leaseMs), release],
    );
    return Number(rows[0]?.n ?? 0);
  }

  /** Whether a live worker (beat within the lease, not stopped or claimed) is the process `pid` on `host`. */
  async isLive(pid: number, host: string, leaseMs: number): Promise<boolean> {
    const { rows } = await this.query<{ found: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM ca_queue.workers WHERE pid = $1 AND host = $2 AND stopped_at IS NULL AND heartbeat_at >= ${NOW} - $3) AS found`,
      [pid, host, Math.round(leaseMs)],
    );
    return rows[0]?.found === true;
  }

  /** The live workers of an env, per release they serve. */
  async liveReleases(env: string, leaseMs: number): Promise<Map<string, number>> {
    const { rows } = await this.query<{ release: string; n: string }>(
      `SELECT release, count(*) AS n FROM ca_queue.workers WHERE env = $1 AND release IS NOT NULL AND stopped_at IS NULL AND heartbeat_at >= ${NOW} - $2 GROUP BY release`,
      [env, Math.round(leaseMs)],
    );
    return new Map(rows.map((row) => [row.release, Number(row.n)]));
  }

  async close(): Promise<void> {
    await this.pool.end().catch(() => undefined);
  }

  private async connect(): Promise<pg.PoolClient> {
    try {
      return await this.pool.connect();
    } catch (error) {
      throw toPgError(error, this.shown, PG_QUEUE);
    }
  }

  private async query<R extends pg.QueryResultRow>(sql: string, params: unknown[]): Promise<pg.QueryResult<R>> {
    try {
      return await this.pool.query<R>(sql, params);
    } catch (error) {
      throw toPgError(error, this.shown, PG_QUEUE);
    }
  }
}
