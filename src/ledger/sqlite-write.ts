import type Database from 'better-sqlite3';

/**
 * Runs `fn` with SQLite errors turned into the store's own (one-line UserErrors for a locked,
 * full, corrupt or read-only file); every store of ca reads and writes through it.
 */
export function guarded<T>(fn: () => T, toError: (error: unknown) => unknown): T {
  try {
    return fn();
  } catch (error) {
    throw toError(error);
  }
}

/**
 * One write transaction. BEGIN IMMEDIATE takes the write lock up front (waiting up to the busy
 * timeout), so a write never fails half-way through on SQLITE_BUSY.
 */
export function writeImmediate<T>(db: Database.Database, fn: () => T, toError: (error: unknown) => unknown): T {
  return guarded(() => db.transaction(fn).immediate(), toError);
}
