import type Database from 'better-sqlite3';
import { EXIT, UserError } from '../core/errors.js';
import { LEDGER_SCHEMA_VERSION } from './ledger.js';
import { SCHEMA_V1 } from './schema.js';

export interface Migration {
  /** The user_version the file has once this migration ran. */
  version: number;
  description: string;
  sql: string;
}

/** Every schema change, oldest first; the last one's version is LEDGER_SCHEMA_VERSION. */
export const MIGRATIONS: readonly Migration[] = [{ version: 1, description: 'deployments, artifacts and env locks', sql: SCHEMA_V1 }];

export function readSchemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Refuses a ledger written by a newer ca: reading it could misread, writing it could corrupt it. */
export function assertNotTooNew(version: number, file: string): void {
  if (version <= LEDGER_SCHEMA_VERSION) return;
  throw new UserError(
    'ledger-too-new',
    `the deploy ledger ${file} has schema version ${version}, newer than the version ${LEDGER_SCHEMA_VERSION} this ca understands`,
    { hint: 'upgrade ca (npm install composable-agents@latest) to read and write this ledger', location: { file }, exitCode: EXIT.usage },
  );
}

/**
 * Brings the file up to LEDGER_SCHEMA_VERSION. One IMMEDIATE transaction, and the version is read
 * again inside it: several processes opening a new ledger at once migrate it exactly once.
 */
export function migrate(db: Database.Database, file: string): number {
  return db
    .transaction(() => {
      const current = readSchemaVersion(db);
      assertNotTooNew(current, file);
      for (const migration of MIGRATIONS) {
        if (migration.version <= current) continue;
        db.exec(migration.sql);
        // user_version lives in the header page, so it commits (or rolls back) with the migration.
        db.pragma(`user_version = ${migration.version}`);
      }
      return readSchemaVersion(db);
    })
    .immediate();
}
