import { statSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { integrityProblems } from './sqlite-integrity.js';
import type { SecretScrubber } from '../core/secret-scrubber.js';
import { EXIT, UserError } from '../core/errors.js';
import type { Ledger } from './ledger.js';
import { LEDGER_SCHEMA_VERSION, ledgerMissing } from './ledger.js';
import { isPostgresUrl } from '../core/store-location.js';
import { assertNotTooNew, migrate, readSchemaVersion } from './migrations.js';
import { openSqliteFile, type SqliteFileKind } from './open-sqlite-file.js';
import { LEDGER } from './sqlite-errors.js';
import { SqliteLedger } from './sqlite-ledger.js';

export interface OpenLedgerOptions {
  /** Read only: never creates, migrates or writes (for status, history, show, verify). */
  readonly?: boolean;
  /** Create the folders and the file when missing. Default: true unless `readonly`. */
  create?: boolean;
  /** Removes known secret values from the messages written (a target's error may echo its token). */
  scrubber?: SecretScrubber;
  /**
   * Opened to be examined (`ca ledger verify`): a file that fails SQLite's integrity check is
   * still opened, so it can be reported row by row. Every other open refuses it (ledger-damaged).
   */
  examine?: boolean;
}

const LEDGER_FILE: SqliteFileKind = {
  store: LEDGER,
  readVersion: readSchemaVersion,
  assertNotTooNew,
  missing: ledgerMissing,
  notCaHint: 'point `ledger:` in ca.yaml at another file; ca will not add its tables to this one',
};

/**
 * Opens the ledger at `location`: a `postgres://` URL (the team backend, postgres/pg-ledger.ts) or
 * a file path (SQLite, below). The same options and the same errors either way.
 */
export async function openLedger(location: string, options: OpenLedgerOptions = {}): Promise<Ledger> {
  if (isPostgresUrl(location)) {
    // Loaded on use: pg costs every other command start-up time for nothing.
    const { openPgLedger } = await import('./postgres/pg-ledger.js');
    return openPgLedger(location, { readonly: options.readonly ?? false, ...(options.scrubber ? { scrubber: options.scrubber } : {}) });
  }
  return openSqliteLedger(location, options);
}

/**
 * Opens (and when needed creates and migrates) the SQLite ledger at `file`. Every failure a user can act
 * on is a UserError: `ledger-missing` (no file and not creating: "nothing deployed yet"),
 * `ledger-corrupt`, `ledger-too-new`, `ledger-not-ca` (some other SQLite database), `ledger-outdated`
 * (read-only open of an older schema), `ledger-unwritable`. A file ca cannot read is never written.
 */
export function openSqliteLedger(file: string, options: OpenLedgerOptions = {}): Ledger {
  const readonly = options.readonly ?? false;
  const create = !readonly && (options.create ?? true);
  const settled = settledFile(file);
  return openSqliteFile(file, { readonly, create }, LEDGER_FILE, (db, target, found) => {
    // Before anything else, and before any write: a damaged file is never written to, and never
    // read as if it were whole (a status with exit 0 over a broken history).
    if (found > 0 && !options.examine) assertIntact(db, target);
    if (readonly) {
      if (found === 0) throw settled ? ledgerTruncated(target) : ledgerMissing(target);
      if (found < LEDGER_SCHEMA_VERSION) {
        throw new UserError('ledger-outdated', `the deploy ledger ${target} has schema version ${found}; this ca reads version ${LEDGER_SCHEMA_VERSION}`, {
          hint: 'run a command that writes the ledger (ca deploy) once to upgrade it in place',
          location: { file: target },
          exitCode: EXIT.usage,
        });
      }
      return new SqliteLedger(db, target, found, true);
    }
    // An old file with no ledger in it is not a new ledger to start: appending would hide the loss.
    if (found === 0 && settled) throw ledgerTruncated(target);
    // WAL: readers never block the writer; FULL: a committed deploy row survives a power cut.
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    return new SqliteLedger(db, target, migrate(db, target), false, options.scrubber);
  });
}

function assertIntact(db: Database.Database, file: string): void {
  const problems = integrityProblems(db);
  if (problems.length === 0) return;
  throw new UserError('ledger-damaged', `the deploy ledger ${file} is damaged (${problems.length} problem${problems.length === 1 ? '' : 's'}, first: ${problems[0]}): nothing was read from it or written to it`, {
    hint: 'restore the file from a copy (ca ledger verify checks one), or see what is left with ca ledger verify',
    location: { file },
    exitCode: EXIT.usage,
  });
}

/**
 * Whether `file` exists and was last changed more than 2 s ago: longer than a first open takes to
 * create the schema. Such a file with no ledger schema in it (0 bytes, or SQLite with no tables)
 * was truncated, or is not a ledger; it is not "nothing deployed yet".
 */
function settledFile(file: string): boolean {
  try {
    return Date.now() - statSync(file).mtimeMs > 2_000;
  } catch {
    return false;
  }
}

function ledgerTruncated(file: string): UserError {
  return new UserError('ledger-truncated', `the deploy ledger ${file} exists but holds nothing: it was truncated, or it is not a ledger`, {
    hint: 'restore it from a copy; if nothing was ever deployed from this project, delete the file',
    location: { file },
    exitCode: EXIT.usage,
  });
}
