import { EXIT, UserError } from '../core/errors.js';

/** One SQLite file of ca's, as its errors name it. */
export interface SqliteStore {
  /** Prefix of the error codes: `ledger` → `ledger-corrupt`, `ledger-busy`, … */
  code: string;
  /** How messages name the file: "the deploy ledger". */
  noun: string;
  /** What to do with a file that is not a database (its content is lost if moved aside). */
  corruptHint: string;
  /** Who may hold the lock. */
  holder: string;
  /** What to do with a file of another schema. */
  schemaHint: string;
}

export const LEDGER: SqliteStore = {
  code: 'ledger',
  noun: 'the deploy ledger',
  corruptHint: 'ca left the file untouched: restore it from a backup, or move it aside to start a new ledger (its history would be lost)',
  holder: 'another ca',
  schemaHint: 'ca left the file untouched: move it aside to start a new ledger, or open it with the ca version that wrote it',
};

export const RUN_STORE: SqliteStore = {
  code: 'runs',
  noun: 'the run store',
  corruptHint: 'ca left the file untouched: move it aside (the recorded runs and traces would be lost) and ca run starts a new one',
  holder: 'another process',
  schemaHint: 'ca left the file untouched: move it aside to start a new one, or open it with the ca version that wrote it',
};

/** The deploy ledger's SQLite failures a user can act on, as one-line UserErrors; anything else passes through. */
export function toLedgerError(error: unknown, file: string): unknown {
  return toStoreError(error, file, LEDGER);
}

/** The same for the run store (`.ca/runs.db`: runs, traces and sessions). */
export function toRunStoreError(error: unknown, file: string): unknown {
  return toStoreError(error, file, RUN_STORE);
}

export function toStoreError(error: unknown, file: string, store: SqliteStore): unknown {
  if (error instanceof UserError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return error;
  const location = { file };
  const what = `${store.noun} ${file}`;
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) {
    return new UserError(`${store.code}-corrupt`, `${what} is not a readable SQLite database (${code})`, {
      hint: store.corruptHint,
      location,
      exitCode: EXIT.usage,
      cause: error,
    });
  }
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new UserError(`${store.code}-busy`, `${what} stayed locked by another process past the busy timeout`, {
      hint: `${store.holder} (or a sqlite3 shell) is holding a write transaction; close it and retry`,
      location,
      exitCode: EXIT.failed,
      cause: error,
    });
  }
  if (code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_PERM') || code.startsWith('SQLITE_AUTH')) {
    return new UserError(`${store.code}-unwritable`, `cannot open or write ${what} (${code})`, {
      hint: 'check that the file and its folder exist and are writable by this user (WAL mode also writes -wal and -shm files beside it)',
      location,
      exitCode: EXIT.usage,
      cause: error,
    });
  }
  if (code === 'SQLITE_ERROR' && /no such (table|column)|has no column/i.test((error as Error).message)) {
    // The file claims this schema version but lacks its tables or columns (a development build made it, or someone edited it).
    return new UserError(`${store.code}-schema-mismatch`, `${what} does not have the tables this ca expects (${(error as Error).message})`, {
      hint: store.schemaHint,
      location,
      exitCode: EXIT.usage,
      cause: error,
    });
  }
  return error;
}
