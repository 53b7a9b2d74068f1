import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { EXIT, UserError } from '../core/errors.js';
import type { Ledger } from './ledger.js';
import { LEDGER_SCHEMA_VERSION } from './ledger.js';
import { assertNotTooNew, migrate, readSchemaVersion } from './migrations.js';
import { toLedgerError } from './sqlite-errors.js';
import { SqliteLedger } from './sqlite-ledger.js';

/** How long a statement waits for another process's write transaction before SQLITE_BUSY. */
export const BUSY_TIMEOUT_MS = 10_000;

export interface OpenLedgerOptions {
  /** Read only: never creates, migrates or writes (for status, history, show, verify). */
  readonly?: boolean;
  /** Create the folders and the file when missing. Default: true unless `readonly`. */
  create?: boolean;
}

/**
 * Opens (and when needed creates and migrates) the ledger at `file`. Every failure a user can act
 * on is a UserError: `ledger-missing` (no file and not creating: "nothing deployed yet"),
 * `ledger-corrupt`, `ledger-too-new`, `ledger-not-ca` (some other SQLite database), `ledger-outdated`
 * (read-only open of an older schema), `ledger-unwritable`. A file ca cannot read is never written.
 */
export function openLedger(file: string, options: OpenLedgerOptions = {}): Ledger {
  const readonly = options.readonly ?? false;
  const create = !readonly && (options.create ?? true);
  const target = file === ':memory:' ? file : path.resolve(file);
  if (target !== ':memory:' && !existsSync(target)) {
    if (!create) throw ledgerMissing(target);
    try {
      mkdirSync(path.dirname(target), { recursive: true });
    } catch (error) {
      throw new UserError('ledger-unwritable', `cannot create the folder of the deploy ledger ${target}: ${(error as Error).message}`, {
        location: { file: target },
        exitCode: EXIT.usage,
        cause: error,
      });
    }
  }

  let db: Database.Database;
  try {
    db = new Database(target, { readonly, fileMustExist: !create, timeout: BUSY_TIMEOUT_MS });
  } catch (error) {
    // Removed between the check and the open.
    if (!create && !existsSync(target)) throw ledgerMissing(target);
    throw toLedgerError(error, target);
  }

  try {
    // The first read: a file that is not SQLite fails here (SQLITE_NOTADB), before anything is written.
    const found = readSchemaVersion(db);
    assertNotTooNew(found, target);
    if (found === 0 && !isEmpty(db)) {
      throw new UserError('ledger-not-ca', `${target} is a SQLite database but not a ca deploy ledger (it has tables and no ledger schema version)`, {
        hint: 'point `ledger:` in ca.yaml at another file; ca will not add its tables to this one',
        location: { file: target },
        exitCode: EXIT.usage,
      });
    }
    db.pragma('foreign_keys = ON');
    if (readonly) {
      if (found === 0) throw ledgerMissing(target);
      if (found < LEDGER_SCHEMA_VERSION) {
        throw new UserError('ledger-outdated', `the deploy ledger ${target} has schema version ${found}; this ca reads version ${LEDGER_SCHEMA_VERSION}`, {
          hint: 'run a command that writes the ledger (ca deploy) once to upgrade it in place',
          location: { file: target },
          exitCode: EXIT.usage,
        });
      }
      return new SqliteLedger(db, target, found, true);
    }
    // WAL: readers never block the writer; FULL: a committed deploy row survives a power cut.
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    return new SqliteLedger(db, target, migrate(db, target), false);
  } catch (error) {
    db.close();
    throw toLedgerError(error, target);
  }
}

function isEmpty(db: Database.Database): boolean {
  return db.prepare('SELECT 1 FROM sqlite_schema LIMIT 1').get() === undefined;
}

function ledgerMissing(file: string): UserError {
  return new UserError('ledger-missing', `no deploy ledger at ${file}: nothing has been deployed yet`, {
    hint: 'run ca deploy --env <env> to record a first deployment',
    location: { file },
    exitCode: EXIT.usage,
  });
}
