import { EXIT, UserError } from '../core/errors.js';

function sqliteCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** The SQLite failures a user can act on, as one-line UserErrors about the run store; anything else passes through. */
export function toRunStoreError(error: unknown, file: string): unknown {
  if (error instanceof UserError) return error;
  const code = sqliteCode(error);
  if (code === undefined) return error;
  const location = { file };
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) {
    return new UserError('runs-corrupt', `the run store ${file} is not a readable SQLite database (${code})`, {
      hint: 'ca left the file untouched: move it aside (the recorded runs and traces would be lost) and ca run starts a new one',
      location,
      exitCode: EXIT.usage,
      cause: error,
    });
  }
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new UserError('runs-busy', `the run store ${file} stayed locked by another process past the busy timeout`, {
      hint: 'another process (or a sqlite3 shell) is holding a write transaction; close it and retry',
      location,
      exitCode: EXIT.failed,
      cause: error,
    });
  }
  if (code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_PERM') || code.startsWith('SQLITE_AUTH')) {
    return new UserError('runs-unwritable', `cannot open or write the run store ${file} (${code})`, {
      hint: 'check that the file and its folder exist and are writable by this user (WAL mode also writes -wal and -shm files beside it)',
      location,
      exitCode: EXIT.usage,
      cause: error,
    });
  }
  if (code === 'SQLITE_ERROR' && /no such (table|column)|has no column/i.test((error as Error).message)) {
    return new UserError('runs-schema-mismatch', `the run store ${file} does not have the tables this ca expects (${(error as Error).message})`, {
      hint: 'ca left the file untouched: move it aside to start a new one, or open it with the ca version that wrote it',
      location,
      exitCode: EXIT.usage,
      cause: error,
    });
  }
  return error;
}
