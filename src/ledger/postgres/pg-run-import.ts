import type pg from 'pg';
import type { RecordedRun } from '../../core/recorded-run.js';
import type { SecretScrubber } from '../../core/secret-scrubber.js';
import { stepJson } from '../journal-rows.js';
import { scrubbedValueJson } from '../run-rows.js';
import { insertEvents } from './pg-run-events.js';
import { DB_NOW } from './pg-run-liveness.js';
import { PG_RUN_SCHEMA as S } from './pg-run-schema.js';

/**
 * Writes a whole recorded run as it was (its row with env, release and fingerprints, its events,
 * its journal) with the caller's transaction around it: RunStore.importRun on PostgreSQL. A run
 * whose id is there already is left as it is: false. Its liveness starts at the database's clock,
 * as any row's does.
 */
export async function importPgRun(client: pg.PoolClient, recorded: RecordedRun, scrubber: SecretScrubber): Promise<boolean> {
  const { run } = recorded;
  const json = (value: unknown) => scrubbedValueJson(value, scrubber);
  const { rowCount } = await client.query(
    `INSERT INTO ${S}.runs (id, name, kind, status, started_at, ended_at, duration_ms, input_tokens, output_tokens, cost_usd, input, output, error,
       session_id, pid, host, alive_at, forked_from, fork_step, fingerprints, queue, queued_at, env, release)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, ${DB_NOW}, $17, $18, $19, $20, $21, $22, $23)
     ON CONFLICT (id) DO NOTHING`,
    [
      run.id,
      run.name,
      run.kind,
      run.status,
      run.startedAt,
      run.endedAt,
      Math.round(run.durationMs),
      run.tokens.input,
      run.tokens.output,
      run.costUsd,
      json(run.input),
      json(run.output),
      json(run.error),
      run.sessionId ?? null,
      run.pid,
      run.host,
      run.forkOf?.runId ?? null,
      run.forkOf?.step ?? null,
      recorded.fingerprints ? JSON.stringify(recorded.fingerprints) : null,
      run.queue ?? null,
      run.status === 'queued' ? run.startedAt : null,
      run.env ?? null,
      run.release ?? null,
    ],
  );
  if (rowCount === 0) return false;
  await insertEvents(client, recorded.events, scrubber);
  if (recorded.steps.length > 0) {
    const steps = recorded.steps;
    await client.query(
      `INSERT INTO ${S}.steps (run_id, key, seq, name, kind, input_hash, input, effect, idempotent, idempotency_key, status, attempts, started_at, ended_at, output, error)
       SELECT $1, s.key, s.seq, s.name, s.kind, s.input_hash, s.input, s.effect, s.idempotent, s.idempotency_key, s.status, s.attempts, s.started_at, s.ended_at, s.output, s.error
         FROM unnest($2::text[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::boolean[], $10::text[], $11::text[], $12::int[], $13::bigint[], $14::bigint[], $15::text[], $16::text[])
           AS s (key, seq, name, kind, input_hash, input, effect, idempotent, idempotency_key, status, attempts, started_at, ended_at, output, error)`,
      [
        run.id,
        steps.map((step) => step.key),
        steps.map((_, seq) => seq),
        steps.map((step) => step.name),
        steps.map((step) => step.kind),
        steps.map((step) => step.inputHash),
        steps.map((step) => stepJson(step.input, scrubber)),
        steps.map((step) => step.effect ?? null),
        steps.map((step) => step.idempotent ?? null),
        steps.map((step) => step.idempotencyKey),
        steps.map((step) => step.status),
        steps.map((step) => step.attempts),
        steps.map((step) => step.startedAt),
        steps.map((step) => step.endedAt ?? null),
        steps.map((step) => stepJson(step.output, scrubber)),
        steps.map((step) => stepJson(step.error, scrubber)),
      ],
    );
  }
  return true;
}
