import type { TimedRunRecord, TimedRunSummary } from '../core/run-timing.js';
import type { RunQuery } from './run-store.js';
import { toSummary } from './run-rows.js';

export const DEFAULT_RUN_LIMIT = 20;

/** The `SELECT … FROM runs` of a RunQuery, written the same for both backends but for how a parameter is marked. */
export interface RunQuerySql {
  /** `WHERE …`, or empty. */
  where: string;
  params: unknown[];
  /** ` LIMIT n` after the ORDER BY, or empty when the statuses are decided after the query. */
  limit: string;
}

/**
 * The query's filters as SQL; `placeholder(n)` marks the n-th parameter (`?` in SQLite, `$n` in
 * PostgreSQL). A `running` row may really be interrupted (its process died, or its lease ran out):
 * those two statuses are decided row by row after the query (`narrowRuns`), so they select both.
 */
export function runQuerySql(query: RunQuery, placeholder: (n: number) => string): RunQuerySql {
  const limit = query.limit ?? DEFAULT_RUN_LIMIT;
  const where: string[] = [];
  const params: unknown[] = [];
  if (query.name !== undefined) {
    params.push(query.name);
    where.push(`name = ${placeholder(params.length)}`);
  }
  if (query.sessionId !== undefined) {
    params.push(query.sessionId);
    where.push(`session_id = ${placeholder(params.length)}`);
  }
  if (query.env !== undefined) {
    params.push(query.env);
    where.push(`env = ${placeholder(params.length)}`);
  }
  if (query.since !== undefined) {
    params.push(Math.floor(query.since));
    where.push(`started_at >= ${placeholder(params.length)}`);
  }
  const decidedLater = decidedAfterQuery(query);
  if (query.status !== undefined) {
    if (decidedLater) where.push("status IN ('running', 'interrupted')");
    else {
      params.push(query.status);
      where.push(`status = ${placeholder(params.length)}`);
    }
  }
  return {
    where: where.length ? `WHERE ${where.join(' AND ')}` : '',
    params,
    limit: limit > 0 && !decidedLater ? ` LIMIT ${Math.floor(limit)}` : '',
  };
}

/** The records the query asked for, as summaries: statuses decided now, then the limit. */
export function narrowRuns(records: readonly TimedRunRecord[], query: RunQuery): TimedRunSummary[] {
  const limit = query.limit ?? DEFAULT_RUN_LIMIT;
  let runs = decidedAfterQuery(query) ? records.filter((run) => run.status === query.status) : records;
  if (limit > 0) runs = runs.slice(0, limit);
  return runs.map(toSummary);
}

function decidedAfterQuery(query: RunQuery): boolean {
  return query.status === 'running' || query.status === 'interrupted';
}
