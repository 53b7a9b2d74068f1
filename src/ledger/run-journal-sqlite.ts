import type Database from 'better-sqlite3';
import type { JournalEntry, RunJournal, StepEnd, StepStart } from '../core/journal.js';
import { EXIT, UserError } from '../core/errors.js';
import { NO_SECRETS, type SecretScrubber } from '../core/secret-scrubber.js';
import { type ParseStepColumn, type StepRow, stepJson, toJournalEntry } from './journal-rows.js';
import { toRunStoreError } from './sqlite-errors.js';
import { guarded, writeImmediate } from './sqlite-write.js';

/**
 * The journal in the run store's file (`steps`, schema version 4). Each start and each end is its
 * own IMMEDIATE transaction, committed before the step runs and before the next one starts: with
 * WAL and `synchronous = NORMAL` a commit survives the process being killed, which is the crash
 * this journal is for. Outputs are stored exactly, as JSON text with known secrets removed.
 */
export class SqliteRunJournal implements RunJournal {
  private statements: { start: Database.Statement; end: Database.Statement; read: Database.Statement } | undefined;

  constructor(
    private readonly db: Database.Database,
    private readonly file: string,
    private readonly scrubber: SecretScrubber = NO_SECRETS,
  ) {}

  stepStarted(runId: string, step: StepStart): void {
    const { start } = this.sql();
    this.write(() =>
      start.run({
        run_id: runId,
        key: step.key,
        name: step.name,
        kind: step.kind,
        input_hash: step.inputHash,
        input: stepJson(step.input, this.scrubber),
        effect: step.effect ?? null,
        idempotent: step.idempotent === undefined ? null : Number(step.idempotent),
        idempotency_key: step.idempotencyKey,
        attempt: step.attempt,
        at: step.at,
      }),
    );
  }

  stepEnded(runId: string, key: string, end: StepEnd): void {
    const { end: update } = this.sql();
    this.write(() =>
      update.run({
        run_id: runId,
        key,
        status: end.status,
        attempts: end.attempts,
        at: end.at,
        output: stepJson(end.output, this.scrubber),
        error: stepJson(end.error, this.scrubber),
      }),
    );
  }

  readSteps(runId: string): JournalEntry[] {
    return guarded(
      () => {
        // A file from before the journal (read-only opens do not migrate) has no steps to read.
        if (!this.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'steps'").get()) return [];
        const parse = parseOrCorrupt(this.file);
        return (this.sql().read.all(runId) as StepRow[]).map((row) => toJournalEntry(row, parse));
      },
      (error) => toRunStoreError(error, this.file),
    );
  }

  private sql() {
    // Prepared on first use: a read-only open of an older file has no steps table to prepare against.
    this.statements ??= {
      // A step that starts again (a retry, a resume) keeps its first place and start time.
      start: this.db.prepare(
        `INSERT INTO steps (run_id, key, seq, name, kind, input_hash, input, effect, idempotent, idempotency_key, status, attempts, started_at)
         VALUES (@run_id, @key, (SELECT COALESCE(MAX(seq), -1) + 1 FROM steps WHERE run_id = @run_id), @name, @kind, @input_hash, @input, @effect, @idempotent, @idempotency_key, 'started', @attempt, @at)
         ON CONFLICT (run_id, key) DO UPDATE SET status = 'started', attempts = @attempt, input_hash = @input_hash, ended_at = NULL, output = NULL, error = NULL`,
      ),
      end: this.db.prepare('UPDATE steps SET status = @status, attempts = @attempts, ended_at = @at, output = @output, error = @error WHERE run_id = @run_id AND key = @key'),
      read: this.db.prepare('SELECT * FROM steps WHERE run_id = ? ORDER BY seq'),
    };
    return this.statements;
  }

  private write(fn: () => unknown): void {
    writeImmediate(this.db, fn, (error) => toRunStoreError(error, this.file));
  }
}

/** Reads a JSON column of a step; text that does not parse means the file was changed outside ca. */
function parseOrCorrupt(file: string): ParseStepColumn {
  return (text, row, column) => {
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new UserError('journal-corrupt', `the journal entry ${row.key} of run ${row.run_id} in ${file} does not parse (its ${column}: ${(error as Error).message})`, {
        hint: 'the file was changed outside ca; nothing was deleted: restore a copy of .ca/runs.db, or record a new run',
        location: { file },
        exitCode: EXIT.usage,
      });
    }
  };
}
