import type { JsonValue } from '../core/json-value.js';
import type { JournalEntry, StepStatus } from '../core/journal.js';
import type { SecretScrubber } from '../core/secret-scrubber.js';
import type { SpanKind, TraceError } from '../core/trace.js';

/** A `steps` row, as SQLite stores it and PostgreSQL returns it. */
export interface StepRow {
  run_id: string;
  key: string;
  seq: number;
  name: string;
  kind: string;
  input_hash: string;
  input: string | null;
  effect: string | null;
  /** 0 or 1 in SQLite, a boolean in PostgreSQL. */
  idempotent: number | boolean | null;
  idempotency_key: string;
  status: string;
  attempts: number;
  started_at: number;
  ended_at: number | null;
  output: string | null;
  error: string | null;
}

/** Reads one JSON column of a step: the backend decides what text that does not parse means. */
export type ParseStepColumn = (text: string, row: StepRow, column: 'input' | 'output' | 'error') => unknown;

/** The row as a journal entry; by default the JSON columns are parsed as they are (they hold what ca wrote). */
export function toJournalEntry(row: StepRow, parse: ParseStepColumn = (text) => JSON.parse(text)): JournalEntry {
  const entry: JournalEntry = {
    key: row.key,
    name: row.name,
    kind: row.kind as SpanKind,
    inputHash: row.input_hash,
    idempotencyKey: row.idempotency_key,
    status: row.status as StepStatus,
    attempts: row.attempts,
    startedAt: row.started_at,
  };
  if (row.input !== null) entry.input = parse(row.input, row, 'input') as JsonValue;
  if (row.effect !== null) entry.effect = row.effect as JournalEntry['effect'] & string;
  if (row.idempotent !== null) entry.idempotent = row.idempotent === true || row.idempotent === 1;
  if (row.ended_at !== null) entry.endedAt = row.ended_at;
  if (row.output !== null) entry.output = parse(row.output, row, 'output') as JsonValue;
  if (row.error !== null) entry.error = parse(row.error, row, 'error') as TraceError;
  return entry;
}

/** A step's input, output or error as the column keeps it: exact JSON text, known secrets removed; NULL when absent. */
export function stepJson(value: unknown, scrubber: SecretScrubber): string | null {
  return value === undefined ? null : scrubber.text(JSON.stringify(value));
}
