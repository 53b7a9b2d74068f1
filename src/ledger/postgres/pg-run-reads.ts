import type pg from 'pg';
import type { TimedRunRecord, TimedRunSummary } from '../../core/run-timing.js';
import type { RunStatus, TraceEvent } from '../../core/trace.js';
import type { UserError } from '../../core/errors.js';
import { noRunsYet, onlyCandidate, PREFIX_CANDIDATES, prefixBounds, RECENT_RUNS, type RunName, runNotFound } from '../run-lookup.js';
import { narrowRuns, runQuerySql } from '../run-query.js';
import { deadRun, toRunRecord } from '../run-rows.js';
import { interruptedEnd, segmentEnded } from '../run-store-interrupted.js';
import type { RunQuery } from '../run-store.js';
import { eventsOf, eventsOfRuns } from './pg-run-events.js';
import { type PgRunRow, pgRunStatus, RUN_COLUMNS } from './pg-run-liveness.js';
import { PG_RUN_SCHEMA as S } from './pg-run-schema.js';

const NEWEST_FIRST = 'ORDER BY started_at DESC, id DESC';

/** The run store's reads on PostgreSQL, with a run's liveness judged by `leaseMs` (pg-run-liveness.ts). */
export class PgRunReads {
  constructor(
    private readonly path: string,
    private readonly leaseMs: number,
  ) {}

  async list(db: pg.Pool, query: RunQuery): Promise<TimedRunSummary[]> {
    const { where, params, limit } = runQuerySql(query, (n) => `$${n}`);
    const rows = (await db.query<PgRunRow>(`SELECT ${RUN_COLUMNS} FROM ${S}.runs r ${where} ${NEWEST_FIRST}${limit}`, params)).rows;
    return narrowRuns(await this.records(db, rows), query);
  }

  /** The run `wanted` names: `last`, an id, or the start of one (with or without its `r_`). */
  async get(db: pg.Pool, wanted: string): Promise<TimedRunRecord> {
    const select = async (sql: string, params: unknown[]) => (await db.query<PgRunRow>(sql, params)).rows;
    let found: PgRunRow | undefined;
    if (wanted === 'last') {
      found = (await select(`SELECT ${RUN_COLUMNS} FROM ${S}.runs r ${NEWEST_FIRST} LIMIT 1`, []))[0];
      if (!found) throw noRunsYet(this.path);
    } else if (wanted !== '') {
      found = (await select(`SELECT ${RUN_COLUMNS} FROM ${S}.runs r WHERE id = $1`, [wanted]))[0];
    }
    if (!found && wanted !== '') {
      const byPrefix = (prefix: string) => select(`SELECT ${RUN_COLUMNS} FROM ${S}.runs r WHERE id >= $1 AND id < $2 ${NEWEST_FIRST} LIMIT ${PREFIX_CANDIDATES}`, prefixBounds(prefix));
      let candidates = await byPrefix(wanted);
      if (candidates.length === 0 && !wanted.startsWith('r_')) candidates = await byPrefix(`r_${wanted}`);
      found = onlyCandidate(wanted, candidates);
    }
    if (!found) throw await pgRunNotFound(db, wanted, this.path);
    return (await this.records(db, [found]))[0]!;
  }

  /** The run's events; a run found dead whose end is not yet recorded ends with the `run.ended` a writable open would record. */
  async events(db: pg.Pool, runId: string): Promise<TraceEvent[]> {
    const events = await eventsOf(db, runId);
    const row = (await db.query<PgRunRow>(`SELECT ${RUN_COLUMNS} FROM ${S}.runs r WHERE id = $1`, [runId])).rows[0];
    if (row && !segmentEnded(events) && pgRunStatus(row, this.leaseMs) === 'interrupted') events.push(interruptedEnd(deadRun(row), events));
    return events;
  }

  async latestStatusByName(db: pg.Pool): Promise<Map<string, RunStatus>> {
    const rows = (await db.query<PgRunRow>(`SELECT DISTINCT ON (name) ${RUN_COLUMNS} FROM ${S}.runs r ORDER BY name, started_at DESC, id DESC`)).rows;
    return new Map(rows.map((row) => [row.name, pgRunStatus(row, this.leaseMs)]));
  }

  async fingerprints(db: pg.Pool, runId: string): Promise<Record<string, string> | undefined> {
    const rows = (await db.query<{ fingerprints: string | null }>(`SELECT fingerprints FROM ${S}.runs WHERE id = $1`, [runId])).rows;
    return rows[0]?.fingerprints ? (JSON.parse(rows[0].fingerprints) as Record<string, string>) : undefined;
  }

  /**
   * The rows as reported, durations included: a running run is timed up to the read, by this
   * machine's clock (its start is the writer's). The events of runs found dead but not yet recorded
   * so (a read-only open, or a lease that ran out since the last writable open) are read in one query.
   */
  private async records(db: pg.Pool, rows: readonly PgRunRow[]): Promise<TimedRunRecord[]> {
    const unmarked = rows.filter((row) => row.status === 'running' && pgRunStatus(row, this.leaseMs) === 'interrupted').map((row) => row.id);
    const eventsByRun = await eventsOfRuns(db, unmarked);
    return rows.map((row) => toRunRecord(row, pgRunStatus(row, this.leaseMs), Date.now(), () => eventsByRun.get(row.id) ?? []));
  }
}

/** `run-not-found` for `wanted`, with a near miss among the recent runs. */
export async function pgRunNotFound(db: pg.Pool | pg.PoolClient, wanted: string, path: string): Promise<UserError> {
  const recent = (await db.query<RunName>(`SELECT id, name FROM ${S}.runs ${NEWEST_FIRST} LIMIT ${RECENT_RUNS}`)).rows;
  return runNotFound(wanted, path, recent);
}
