import type pg from 'pg';
import type { SecretScrubber } from '../../core/secret-scrubber.js';
import { type TraceEvent, traceEventJson } from '../../core/trace.js';
import type { RunOwner } from './pg-run-journal.js';
import { PG_RUN_SCHEMA as S } from './pg-run-schema.js';

/**
 * Events in one statement, however many: each column as an array, unnested into rows. With
 * `owners` (the runs this store runs, and who it recorded running them) the events are fenced: an
 * event of an owned run goes in only while the run's row names its owner (a `FOR KEY SHARE` lock,
 * which a take-over's `FOR UPDATE` waits for). Returns the owned runs whose row names someone else
 * now (or is gone): their events were left out, the other runs' went in.
 */
export async function insertEvents(client: pg.PoolClient, events: readonly TraceEvent[], scrubber: SecretScrubber, owners?: ReadonlyMap<string, RunOwner>): Promise<string[]> {
  if (events.length === 0) return [];
  const columns: [string[], number[], number[], string[], (string | null)[], string[], (number | null)[], (string | null)[]] = [[], [], [], [], [], [], [], []];
  const owned = new Set<string>();
  for (const event of events) {
    const owner = owners?.get(event.runId);
    if (owner) owned.add(event.runId);
    columns[0].push(event.runId);
    columns[1].push(event.seq);
    columns[2].push(event.at);
    columns[3].push(event.type);
    columns[4].push('spanId' in event ? event.spanId : null);
    columns[5].push(scrubber.text(traceEventJson(event)));
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
  if (rowCount === events.length) return [];
  const { rows } = await client.query<RunOwner & { id: string }>(`SELECT id, pid, host FROM ${S}.runs WHERE id = ANY($1::text[])`, [[...owned]]);
  const now = new Map(rows.map((row) => [row.id, row]));
  return [...owned].filter((runId) => {
    const owner = owners!.get(runId)!;
    const row = now.get(runId);
    return !row || row.pid !== owner.pid || row.host !== owner.host;
  });
}

/** A run's events, in order. */
export async function eventsOf(db: pg.Pool | pg.PoolClient, runId: string): Promise<TraceEvent[]> {
  return (await db.query<{ data: string }>(`SELECT data FROM ${S}.events WHERE run_id = $1 ORDER BY seq`, [runId])).rows.map((row) => JSON.parse(row.data) as TraceEvent);
}

/** The events of several runs in one query, in order, by run. */
export async function eventsOfRuns(db: pg.Pool | pg.PoolClient, runIds: readonly string[]): Promise<Map<string, TraceEvent[]>> {
  const eventsByRun = new Map<string, TraceEvent[]>();
  if (runIds.length === 0) return eventsByRun;
  const { rows } = await db.query<{ run_id: string; data: string }>(`SELECT run_id, data FROM ${S}.events WHERE run_id = ANY($1::text[]) ORDER BY run_id, seq`, [runIds]);
  for (const event of rows) {
    const list = eventsByRun.get(event.run_id) ?? [];
    list.push(JSON.parse(event.data) as TraceEvent);
    eventsByRun.set(event.run_id, list);
  }
  return eventsByRun;
}
