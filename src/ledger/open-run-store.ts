import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { EXIT, UserError } from '../core/errors.js';
import { BUSY_TIMEOUT_MS } from './open-ledger.js';
import type { RunStore } from './run-store.js';
import { toRunStoreError } from './run-store-errors.js';
import { RUN_STORE_READABLE_FROM, RUN_STORE_SCHEMA_VERSION, assertRunStoreNotTooNew, migrateRunStore, readRunStoreVersion } from './run-store-schema.js';
import { type RunStoreTuning, SqliteRunStore } from './run-store-sqlite.js';

export interface OpenRunStoreOptions extends RunStoreTuning {
  /** Read only: never creates, migrates or writes (ca runs, ca trace, result: selectors). */
  readonly?: boolean;
}

/**
 * Opens the run store at `file` (`<project>/.ca/runs.db`); when writable, creates the folder and
 * file, migrates the schema and records runs whose process died as `interrupted`. Failures a user
 * can act on are one-line UserErrors: `runs-missing` (read-only and no file: nothing run yet),
 * `runs-corrupt`, `runs-too-new`, `runs-not-ca`, `runs-outdated`, `runs-unwritable`,
 * `runs-schema-mismatch`. A file ca cannot read is never written.
 */
export function openRunStore(file: string, options: OpenRunStoreOptions = {}): RunStore {
  const readonly = options.readonly ?? false;
  const target = file === ':memory:' ? file : path.resolve(file);
  if (target !== ':memory:' && !existsSync(target)) {
    if (readonly) throw runsMissing(target);
    try {
      mkdirSync(path.dirname(target), { recursive: true });
    } catch (error) {
      throw new UserError('runs-unwritable', `cannot create the folder of the run store ${target}: ${(error as Error).message}`, {
        location: { file: target },
        exitCode: EXIT.usage,
        cause: error,
      });
    }
  }

  let db: Database.Database;
  try {
    db = new Database(target, { readonly, fileMustExist: readonly, timeout: BUSY_TIMEOUT_MS });
  } catch (error) {
    if (readonly && !existsSync(target)) throw runsMissing(target);
    throw toRunStoreError(error, target);
  }

  try {
    // The first read: a file that is not SQLite fails here, before anything is written.
    const found = readRunStoreVersion(db);
    assertRunStoreNotTooNew(found, target);
    if (found === 0 && db.prepare('SELECT 1 FROM sqlite_schema LIMIT 1').get() !== undefined) {
      throw new UserError('runs-not-ca', `${target} is a SQLite database but not a ca run store (it has tables and no run store schema version)`, {
        hint: 'move it aside: ca keeps its runs in .ca/runs.db and will not add its tables to another database',
        location: { file: target },
        exitCode: EXIT.usage,
      });
    }
    db.pragma('foreign_keys = ON');
    if (readonly) {
      if (found === 0) throw runsMissing(target);
      if (found < RUN_STORE_READABLE_FROM) {
        throw new UserError('runs-outdated', `the run store ${target} has schema version ${found}; this ca reads versions ${RUN_STORE_READABLE_FROM} to ${RUN_STORE_SCHEMA_VERSION}`, {
          hint: 'run a flow once (ca run NAME) to upgrade it in place',
          location: { file: target },
          exitCode: EXIT.usage,
        });
      }
      return new SqliteRunStore(db, target, found, true, options);
    }
    // WAL: `ca runs` in one terminal never blocks `ca run` in another. NORMAL: a commit survives the
    // process being killed, which is what traces need; only a power cut may lose the last batches.
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    const store = new SqliteRunStore(db, target, migrateRunStore(db, target), false, options);
    store.markInterrupted();
    return store;
  } catch (error) {
    db.close();
    throw toRunStoreError(error, target);
  }
}

function runsMissing(file: string): UserError {
  return new UserError('runs-missing', `no run store at ${file}: nothing has been run yet`, {
    hint: 'run a flow or agent with ca run NAME',
    location: { file },
    exitCode: EXIT.usage,
  });
}
