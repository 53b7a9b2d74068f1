import { toJsonValue } from '../core/json-value.js';
import { durationKindOf, type TimedRunRecord, type TimedRunSummary } from '../core/run-timing.js';
import type { SecretScrubber } from '../core/secret-scrubber.js';
import type { RunStatus, SpanKind, TraceError, TraceEvent } from '../core/trace.js';
import { type DeadRun, interruptedEnd } from './run-store-interrupted.js';

/** A `runs` row, as SQLite stores it and PostgreSQL returns it (pg-run-liveness.ts adds the columns only PostgreSQL has). */
export interface RunRow {
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
  /** Missing in SQLite files older than schema version 3 (read-only opens read them as they are). */
  heartbeat_at?: number | null;
  /** Missing in SQLite files before schema version 5. */
  forked_from?: string | null;
  fork_step?: string | null;
  /** The queue a queued run waits on (SQLite files have it from version 6, for runs pulled from a team store). */
  queue?: string | null;
  /** The worker env and the release a run is pinned to (SPEC §14); SQLite from version 6. */
  env?: string | null;
  release?: string | null;
}

/**
 * The row as reported, its duration included. `status` is the backend's verdict on the row (a
 * `running` row whose process is gone is `interrupted`); `now` is the clock for a run still running;
 * `eventsOf` gives a dead run's own events, asked for only when the row does not yet say it ended,
 * to make up its end from as a writable open would record it.
 */
export function toRunRecord(row: RunRow, status: RunStatus, now: number, eventsOf: () => readonly TraceEvent[]): TimedRunRecord {
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
  if (row.env) record.env = row.env;
  if (row.release) record.release = row.release;
  if (row.output !== null) record.output = JSON.parse(row.output);
  if (status === 'interrupted' && row.status === 'running') {
    const end = interruptedEnd(deadRun(row), eventsOf());
    Object.assign(record, { endedAt: end.at, durationMs: end.durationMs, tokens: end.tokens, costUsd: end.costUsd, error: end.error });
  }
  return record;
}

/** What a row says of a run whose process died, to make its `run.ended` up from. */
export function deadRun(row: RunRow): DeadRun {
  return { id: row.id, name: row.name, startedAt: row.started_at, pid: row.pid, host: row.host, heartbeatAt: row.heartbeat_at ?? null };
}

export function toSummary(record: TimedRunRecord): TimedRunSummary {
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
  if (record.env !== undefined) summary.env = record.env;
  if (record.release !== undefined) summary.release = record.release;
  return summary;
}

/** A value as JSON text for a JSON column (NULL when absent): the one conversion (core/json-value.ts), which never throws. */
export function valueJson(value: unknown): string | null {
  const json = toJsonValue(value);
  return json === undefined ? null : JSON.stringify(json);
}

/** `valueJson` with known secrets removed: the text is what reaches the file or the database. */
export function scrubbedValueJson(value: unknown, scrubber: SecretScrubber): string | null {
  const text = valueJson(value);
  return text === null ? null : scrubber.text(text);
}
