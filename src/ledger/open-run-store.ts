import { EXIT, UserError } from '../core/errors.js';
import { isPostgresUrl } from '../core/store-location.js';
import { openSqliteFile, type SqliteFileKind } from './open-sqlite-file.js';
import type { RunStore } from './run-store.js';
import { RUN_STORE_READABLE_FROM, RUN_STORE_SCHEMA_VERSION, assertRunStoreNotTooNew, migrateRunStore, readRunStoreVersion } from './run-store-schema.js';
import { SqliteRunStore } from './run-store-sqlite.js';
import type { RunStoreTuning } from './run-store-tuning.js';
import { RUN_STORE } from './sqlite-errors.js';

export interface OpenRunStoreOptions extends RunStoreTuning {
  /** Read only: never creates, migrates or writes (ca runs, ca trace, result: selectors). */
  readonly?: boolean;
}

const RUN_STORE_FILE: SqliteFileKind = {
  store: RUN_STORE,
  readVersion: readRunStoreVersion,
  assertNotTooNew: assertRunStoreNotTooNew,
  missing: runsMissing,
  notCaHint: 'move it aside: ca keeps its runs in .ca/runs.db and will not add its tables to another database',
};

/**
 * Opens the run store at `file` (`<project>/.ca/runs.db`); when writable, creates the folder and
 * file, migrates the schema and records runs whose process died as `interrupted`. Failures a user
 * can act on are one-line UserErrors: `runs-missing` (read-only and no file: nothing run yet),
 * `runs-corrupt`, `runs-too-new`, `runs-not-ca`, `runs-outdated`, `runs-unwritable`,
 * `runs-schema-mismatch`. A file ca cannot read is never written.
 */
export function openRunStore(file: string, options: OpenRunStoreOptions = {}): SqliteRunStore {
  const readonly = options.readonly ?? false;
  return openSqliteFile(file, { readonly, create: !readonly }, RUN_STORE_FILE, (db, target, found) => {
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
  });
}

function runsMissing(file: string): UserError {
  return new UserError('runs-missing', `no run store at ${file}: nothing has been run yet`, {
    hint: 'run a flow or agent with ca run NAME',
    location: { file },
    exitCode: EXIT.usage,
  });
}

/**
 * The run store at `location`: a SQLite file path (the embedded default) or a PostgreSQL URL (the
 * team backend, SPEC §10; `pg` is loaded only then).
 */
export async function openRunStoreAt(location: string, options: OpenRunStoreOptions = {}): Promise<RunStore> {
  if (!isPostgresUrl(location)) return openRunStore(location, options);
  const { openPgRunStore } = await import('./postgres/pg-run-store.js');
  return openPgRunStore(location, options);
}
