import type Database from 'better-sqlite3';
import type { RecordedRun } from '../core/recorded-run.js';
import type { SecretScrubber } from '../core/secret-scrubber.js';
import { traceEventJson } from '../core/trace.js';
import { stepJson } from './journal-rows.js';
import { scrubbedValueJson } from './run-rows.js';

/**
 * Writes a whole recorded run into a run store file (schema version 6 or later) as it was: its row
 * (env, release, queue and fingerprints included), its events and its journal, with the caller's
 * transaction around it, so a copy cut off half-way leaves no part of a run behind. A run whose id
 * is there already is left as it is: false.
 */
export function importRunRows(db: Database.Database, recorded: RecordedRun, scrubber: SecretScrubber): boolean {
  const { run } = recorded;
  if (db.prepare('SELECT 1 FROM runs WHERE id = ?').get(run.id)) return false;
  const json = (value: unknown) => scrubbedValueJson(value, scrubber);
  db.prepare(
    `INSERT INTO runs (id, name, kind, status, started_at, ended_at, duration_ms, input_tokens, output_tokens, cost_usd, input, output, error,
       session_id, pid, host, forked_from, fork_step, fingerprints, queue, env, release)
     VALUES (@id, @name, @kind, @status, @started_at, @ended_at, @duration_ms, @input_tokens, @output_tokens, @cost_usd, @input, @output, @error,
       @session_id, @pid, @host, @forked_from, @fork_step, @fingerprints, @queue, @env, @release)`,
  ).run({
    id: run.id,
    name: run.name,
    kind: run.kind,
    status: run.status,
    started_at: run.startedAt,
    ended_at: run.endedAt,
    duration_ms: Math.round(run.durationMs),
    input_tokens: run.tokens.input,
    output_tokens: run.tokens.output,
    cost_usd: run.costUsd,
    input: json(run.input),
    output: json(run.output),
    error: json(run.error),
    session_id: run.sessionId ?? null,
    pid: run.pid,
    host: run.host,
    forked_from: run.forkOf?.runId ?? null,
    fork_step: run.forkOf?.step ?? null,
    fingerprints: recorded.fingerprints ? JSON.stringify(recorded.fingerprints) : null,
    queue: run.queue ?? null,
    env: run.env ?? null,
    release: run.release ?? null,
  });
  const event = db.prepare('INSERT INTO events (run_id, seq, at, type, span_id, data) VALUES (?, ?, ?, ?, ?, ?)');
  for (const e of recorded.events) event.run(run.id, e.seq, e.at, e.type, 'spanId' in e ? e.spanId : null, scrubber.text(traceEventJson(e)));
  const step = db.prepare(
    `INSERT INTO steps (run_id, key, seq, name, kind, input_hash, input, effect, idempotent, idempotency_key, status, attempts, started_at, ended_at, output, error)
     VALUES (@run_id, @key, @seq, @name, @kind, @input_hash, @input, @effect, @idempotent, @idempotency_key, @status, @attempts, @started_at, @ended_at, @output, @error)`,
  );
  recorded.steps.forEach((entry, seq) =>
    step.run({
      run_id: run.id,
      key: entry.key,
      seq,
      name: entry.name,
      kind: entry.kind,
      input_hash: entry.inputHash,
      input: stepJson(entry.input, scrubber),
      effect: entry.effect ?? null,
      idempotent: entry.idempotent === undefined ? null : Number(entry.idempotent),
      idempotency_key: entry.idempotencyKey,
      status: entry.status,
      attempts: entry.attempts,
      started_at: entry.startedAt,
      ended_at: entry.endedAt ?? null,
      output: stepJson(entry.output, scrubber),
      error: stepJson(entry.error, scrubber),
    }),
  );
  return true;
}
