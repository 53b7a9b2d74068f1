import { existsSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { EXIT, UserError } from '../core/errors.js';
import { type SqliteStore, toStoreError } from './sqlite-errors.js';

/** How long a statement waits for another process's write transaction before SQLITE_BUSY. */
export const BUSY_TIMEOUT_MS = 10_000;

/** What differs between ca's SQLite files (the deploy ledger, the run store) when opening one. */
export interface SqliteFileKind {
  store: SqliteStore;
  /** Its schema version as the file records it (0: none yet). */
  readVersion(db: Database.Database): number;
  /** Throws when the file was written by a newer ca. */
  assertNotTooNew(version: number, file: string): void;
  /** The error for a file that is not there and may not be created. */
  missing(file: string): UserError;
  /** What to do with a SQLite database that is not this kind of file. */
  notCaHint: string;
}

/**
 * Opens one of ca's SQLite files: creates its folder and the file when `create`, checks that it is
 * SQLite, that it is this kind of file (an empty database or one with our schema version) and not
 * from a newer ca, all before anything is written; then hands the database to `use`. Every
 * failure a user can act on is a one-line UserError (`<kind>-missing`, `-corrupt`, `-not-ca`,
 * `-too-new`, `-unwritable`, …); when `use` throws, the database is closed.
 */
export function openSqliteFile<T>(
  file: string,
  options: { readonly: boolean; create: boolean },
  kind: SqliteFileKind,
  use: (db: Database.Database, target: string, version: number) => T,
): T {
  const { readonly, create } = options;
  const { store } = kind;
  const target = file === ':memory:' ? file : path.resolve(file);
  if (target !== ':memory:' && existsSync(target) && statSync(target).isDirectory()) {
    throw new UserError(`${store.code}-not-a-file`, `${store.noun} ${target} is a folder, not a file`, {
      hint: store.code === 'ledger' ? 'point `ledger:` in ca.yaml at a file (the default is .ca/ledger.db), or move the folder aside' : 'move the folder aside: ca keeps its runs in the file .ca/runs.db',
      location: { file: target },
      exitCode: EXIT.usage,
    });
  }
  if (target !== ':memory:' && !existsSync(target)) {
    if (!create) throw kind.missing(target);
    try {
      mkdirSync(path.dirname(target), { recursive: true });
    } catch (error) {
      throw new UserError(`${store.code}-unwritable`, `cannot create the folder of ${store.noun} ${target}: ${(error as Error).message}`, {
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
    if (!create && !existsSync(target)) throw kind.missing(target);
    throw toStoreError(error, target, store);
  }

  try {
    // The first read: a file that is not SQLite fails here (SQLITE_NOTADB), before anything is written.
    // Version and tables are read in one transaction, one snapshot: read apart, another process's
    // first migration could commit in between, and its tables would look like someone else's.
    const { version, hasTables } = db.transaction(() => ({
      version: kind.readVersion(db),
      hasTables: db.prepare('SELECT 1 FROM sqlite_schema LIMIT 1').get() !== undefined,
    }))();
    kind.assertNotTooNew(version, target);
    if (version === 0 && hasTables) {
      throw new UserError(`${store.code}-not-ca`, `${target} is a SQLite database but not a ca ${store.noun.replace(/^the /, '')} (it has tables and no ${store.noun.replace(/^the /, '')} schema version)`, {
        hint: kind.notCaHint,
        location: { file: target },
        exitCode: EXIT.usage,
      });
    }
    db.pragma('foreign_keys = ON');
    return use(db, target, version);
  } catch (error) {
    db.close();
    throw toStoreError(error, target, store);
  }
}
