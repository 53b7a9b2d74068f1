import type pg from 'pg';
import type { SecretScrubber } from '../../core/secret-scrubber.js';
import type { RunSegment } from '../../core/trace.js';
import { assertResumable, streamSoFar } from '../run-resume.js';
import { deadRun } from '../run-rows.js';
import type { ReopenOptions } from '../run-store.js';
import { interruptedEnd, segmentEnded } from '../run-store-interrupted.js';
import { eventsOf, insertEvents } from './pg-run-events.js';
import type { RunOwner } from './pg-run-journal.js';
import { DB_NOW, type PgRunRow, pgRunStatus, RUN_COLUMNS } from './pg-run-liveness.js';
import { pgRunNotFound } from './pg-run-reads.js';
import { PG_RUN_SCHEMA as S } from './pg-run-schema.js';

/** What reopening a run needs to know of the store. */
export interface ReopenContext {
  path: string;
  leaseMs: number;
  scrubber: SecretScrubber;
}

/**
 * Reopens a run for `owner`, in the caller's transaction: the run's row is locked until it ends, so
 * of two workers taking a run over one does and the other sees it running. A segment its process
 * never ended (it died) gets its `run.ended` now, as a reader would have made it up.
 */
export async function reopenRunRow(client: pg.PoolClient, runId: string, owner: RunOwner, options: ReopenOptions, context: ReopenContext): Promise<RunSegment> {
  const row = (await client.query<PgRunRow>(`SELECT ${RUN_COLUMNS} FROM ${S}.runs r WHERE id = $1 FOR UPDATE`, [runId])).rows[0];
  if (!row) throw await pgRunNotFound(client, runId, context.path);
  const status = options.takeOver && row.status === 'running' ? 'interrupted' : pgRunStatus(row, context.leaseMs);
  assertResumable(runId, row, status);
  const events = await eventsOf(client, runId);
  const stream = streamSoFar(events);
  let { nextSeq } = stream;
  let spent: RunSegment['spent'] = {
    tokens: { input: row.input_tokens, output: row.output_tokens },
    costUsd: row.cost_usd,
    durationMs: stream.previous?.durationMs ?? row.duration_ms ?? 0,
  };
  if (!segmentEnded(events)) {
    // It says what the run spent too: a row taken over before any writable open recorded it
    // interrupted has none of that yet.
    const end = { ...interruptedEnd(deadRun(row), events), seq: nextSeq++ };
    await insertEvents(client, [end], context.scrubber);
    spent = { tokens: end.tokens, costUsd: end.costUsd, durationMs: end.durationMs };
  }
  const root = await client.query<{ attempts: number }>(`SELECT attempts FROM ${S}.steps WHERE run_id = $1 AND key = $2`, [runId, row.name]);
  await client.query(
    `UPDATE ${S}.runs SET status = 'running', ended_at = NULL, duration_ms = NULL, output = NULL, error = NULL, pid = $2, host = $3,
     heartbeat_at = $4, alive_at = ${DB_NOW} WHERE id = $1`,
    [runId, owner.pid, owner.host, Date.now()],
  );
  return {
    segment: stream.segment,
    from: status as RunSegment['from'],
    nextSeq,
    spent,
    rootAttempts: root.rows[0]?.attempts ?? 1,
  };
}
