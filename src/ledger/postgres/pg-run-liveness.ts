import type pg from 'pg';
import { EXIT, UserError } from '../../core/errors.js';
import type { RunStatus } from '../../core/trace.js';
import { HOST, isProcessAlive } from '../process-liveness.js';
import { deadRun, type RunRow, valueJson } from '../run-rows.js';
import { interruptedEnd } from '../run-store-interrupted.js';
import { eventsOf } from './pg-run-events.js';
import type { RunOwner } from './pg-run-journal.js';
import { PG_RUN_SCHEMA as S } from './pg-run-schema.js';

export const DEFAULT_RUN_LEASE_MS = 15_000;
/** The database's clock in ms: what `alive_at` holds and the lease is measured with. */
export const DB_NOW = '(extract(epoch from clock_timestamp()) * 1000)::bigint';
/** Every column of a run (`r`), and the database's clock to judge its lease by. */
export const RUN_COLUMNS = `r.*, ${DB_NOW} AS db_now`;

/** A `runs` row as PostgreSQL returns it, with `db_now` (the database's clock when it was read). */
export interface PgRunRow extends RunRow {
  heartbeat_at: number | null;
  /** The database's clock at the run's start, last heartbeat or resume. */
  alive_at: number;
  forked_from: string | null;
  fork_step: string | null;
  fingerprints: string | null;
  queue: string | null;
  queued_at: number | null;
  db_now: number;
}

/** The lease of `CA_RUN_LEASE_MS`, else the default; `runs-lease-invalid` when it is not a positive number. */
export function leaseFromEnv(): number {
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
 * The row's status, except that a `running` run whose process is gone is `interrupted`: its row has
 * not been heard of for `leaseMs` by the database's clock, or, on this host, its pid is dead.
 */
export function pgRunStatus(row: PgRunRow, leaseMs: number): RunStatus {
  const status = row.status as RunStatus;
  if (status !== 'running') return status;
  if (row.db_now - row.alive_at > leaseMs) return 'interrupted';
  if (row.host !== HOST) return 'running';
  // The latest time the row's process wrote: a process that reuses a dead one's pid started after it.
  const since = Math.max(row.started_at, row.heartbeat_at ?? row.started_at);
  return isProcessAlive(row.pid, row.host, new Date(since).toISOString()) ? 'running' : 'interrupted';
}

export function isThisProcess(owner: RunOwner): boolean {
  return owner.pid === process.pid && owner.host === HOST;
}

/** One heartbeat for this process's open runs: fenced by owner, so a run taken over is not kept alive by its old process. */
export async function beatRuns(pool: pg.Pool, runIds: readonly string[], now: number): Promise<void> {
  await pool.query(`UPDATE ${S}.runs SET heartbeat_at = $1, alive_at = ${DB_NOW} WHERE id = ANY($2::text[]) AND status = 'running' AND pid = $3 AND host = $4`, [now, runIds, process.pid, HOST]);
}

/** Why a fenced write of `runId` changed nothing: another process owns the run now (or it is gone). */
export async function takenOverError(client: pg.PoolClient, runId: string, path: string): Promise<Error> {
  const row = (await client.query<RunOwner>(`SELECT pid, host FROM ${S}.runs WHERE id = $1`, [runId])).rows[0];
  if (!row) return new Error(`no run ${runId} in ${path} (startRun first)`);
  return new UserError('run-taken-over', `run ${runId} was taken over by pid ${row.pid} on ${row.host}: this process was not heard of within the lease, and stops writing it`, {
    hint: 'the run goes on there from its journal; see ca runs',
    exitCode: EXIT.failed,
  });
}

/**
 * Records the runs whose process is gone as `interrupted`, with the tokens and duration of the
 * events they wrote. A row that changed meanwhile (a late heartbeat, a take-over) is left alone.
 */
export async function markInterruptedRuns(client: pg.PoolClient, leaseMs: number): Promise<number> {
  const rows = (await client.query<PgRunRow>(`SELECT ${RUN_COLUMNS} FROM ${S}.runs r WHERE status = 'running'`)).rows.filter((row) => pgRunStatus(row, leaseMs) === 'interrupted');
  let marked = 0;
  for (const row of rows) {
    const end = interruptedEnd(deadRun(row), await eventsOf(client, row.id));
    const { rowCount } = await client.query(
      `UPDATE ${S}.runs SET status = 'interrupted', ended_at = $2, duration_ms = $3, input_tokens = $4, output_tokens = $5, cost_usd = $6, error = $7
       WHERE id = $1 AND status = 'running' AND pid = $8 AND host = $9 AND alive_at = $10`,
      [row.id, end.at, Math.round(end.durationMs), end.tokens.input, end.tokens.output, end.costUsd, valueJson(end.error), row.pid, row.host, row.alive_at],
    );
    marked += rowCount ?? 0;
  }
  return marked;
}
