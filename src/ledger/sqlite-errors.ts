import { EXIT, UserError } from '../core/errors.js';

function sqliteCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Turns the SQLite failures a user can act on into one-line UserErrors; anything else passes through. */
export function toLedgerError(error: unknown, file: string): unknown {
  if (error instanceof UserError) return error;
  const code = sqliteCode(error);
  if (code === undefined) return error;
  const location = { file };
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) {
    return new UserError('ledger-corrupt', `the deploy ledger ${file} is not a readable SQLite database (${code})`, {
      hint: 'ca left the file untouched: restore it from a backup, or move it aside to start a new ledger (its history would be lost)',
      location,
      exitCode: EXIT.usage,
      cause: error,
    });
  }
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new UserError('ledger-busy', `the deploy ledger ${file} stayed locked by another process past the busy timeout`, {
      hint: 'another ca (or a sqlite3 shell) is holding a write transaction; close it and retry',
      location,
      exitCode: EXIT.failed,
      cause: error,
    });
  }
  if (code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_PERM') || code.startsWith('SQLITE_AUTH')) {
    return new UserError('ledger-unwritable', `cannot open or write the deploy ledger ${file} (${code})`, {
      hint: 'check that the file and its folder exist and are writable by this user (WAL mode also writes -wal and -shm files beside it)',
      location,
      exitCode: EXIT.usage,
      cause: error,
    });
  }
  if (code === 'SQLITE_ERROR' && /no such (table|column)|has no column/i.test((error as Error).message)) {
    // The file claims this schema version but lacks its tables or columns (a development build made it, or someone edited it).
    return new UserError('ledger-schema-mismatch', `the deploy ledger ${file} does not have the tables this ca expects (${(error as Error).message})`, {
      hint: 'ca left the file untouched: move it aside to start a new ledger, or open it with the ca version that wrote it',
      location,
      exitCode: EXIT.usage,
      cause: error,
    });
  }
  return error;
}
