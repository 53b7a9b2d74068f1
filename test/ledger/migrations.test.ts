import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { LEDGER_SCHEMA_VERSION } from '../../src/ledger/ledger.js';
import { MIGRATIONS } from '../../src/ledger/migrations.js';
import { openSqliteLedger } from '../../src/ledger/open-ledger.js';
import { tempDir } from '../helpers/temp-project.js';
import { newDeployment } from './support/new-deployment.js';
import { caught } from '../helpers/caught.js';

function pragma(file: string, name: string): unknown {
  const db = new Database(file, { readonly: true });
  try {
    return db.pragma(name, { simple: true });
  } finally {
    db.close();
  }
}

describe('opening and migrating the ledger', () => {
  it('creates the folders and a WAL file at schema version 1', async () => {
    const file = path.join(tempDir(), '.ca', 'nested', 'ledger.db');
    const ledger = openSqliteLedger(file);
    expect(ledger.schemaVersion).toBe(1);
    expect(ledger.path).toBe(file);
    await ledger.close();
    expect(pragma(file, 'user_version')).toBe(1);
    expect(pragma(file, 'journal_mode')).toBe('wal');
  });

  it('keeps its rows when opened again, and the last migration is the schema version', async () => {
    const file = path.join(tempDir(), 'ledger.db');
    const first = openSqliteLedger(file);
    await first.recordPending(newDeployment('prod', 'refunds'));
    await first.close();
    const again = openSqliteLedger(file);
    expect(await again.history('prod')).toHaveLength(1);
    await again.close();
    expect(MIGRATIONS.at(-1)?.version).toBe(LEDGER_SCHEMA_VERSION);
  });

  it('refuses a ledger written by a newer ca, naming both versions, and leaves it as it was', async () => {
    const file = path.join(tempDir(), 'ledger.db');
    const db = new Database(file);
    db.pragma('user_version = 99');
    db.close();
    for (const readonly of [false, true]) {
      const error = caught(() => openSqliteLedger(file, { readonly }));
      expect(error.code).toBe('ledger-too-new');
      expect(error.exitCode).toBe(2);
      expect(error.message).toContain('99');
      expect(error.message).toContain(`version ${LEDGER_SCHEMA_VERSION}`);
      expect(error.hint).toMatch(/upgrade ca/);
    }
    expect(pragma(file, 'user_version')).toBe(99);
    expect(pragma(file, 'journal_mode')).toBe('delete');
  });

  it('reports a file that is not SQLite as corrupt, naming it, and never writes to it', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'ledger.db');
    const bytes = randomBytes(8192);
    writeFileSync(file, bytes);
    for (const readonly of [false, true]) {
      const error = caught(() => openSqliteLedger(file, { readonly }));
      expect(error.code).toBe('ledger-corrupt');
      expect(error.message).toContain(file);
    }
    expect(readFileSync(file).equals(bytes)).toBe(true);
    expect(existsSync(`${file}-wal`)).toBe(false);
  });

  it('refuses a file that claims the current schema but lacks its columns, and leaves it as it was', async () => {
    const file = path.join(tempDir(), 'ledger.db');
    void openSqliteLedger(file).close();
    const db = new Database(file);
    db.exec('ALTER TABLE deployments DROP COLUMN content_hash');
    db.close();
    const before = readFileSync(file);
    for (const readonly of [false, true]) {
      const error = caught(() => openSqliteLedger(file, { readonly }));
      expect(error.code).toBe('ledger-schema-mismatch');
      expect(error.exitCode).toBe(2);
    }
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('says nothing is deployed when a reader finds no file, and creates none', async () => {
    const file = path.join(tempDir(), '.ca', 'ledger.db');
    for (const options of [{ readonly: true }, { create: false }]) {
      const error = caught(() => openSqliteLedger(file, options));
      expect(error.code).toBe('ledger-missing');
      expect(error.message).toMatch(/nothing has been deployed/);
    }
    expect(existsSync(path.dirname(file))).toBe(false);
  });

  it('will not add its tables to some other SQLite database', async () => {
    const file = path.join(tempDir(), 'tickets.db');
    const db = new Database(file);
    db.exec("CREATE TABLE tickets (id INTEGER PRIMARY KEY, subject TEXT); INSERT INTO tickets (subject) VALUES ('refund not received')");
    db.close();
    expect(caught(() => openSqliteLedger(file)).code).toBe('ledger-not-ca');
    const after = new Database(file, { readonly: true });
    expect(after.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").pluck().all()).toEqual(['tickets']);
    after.close();
  });

  it('opens read-only without creating or writing, and refuses writes', async () => {
    const file = path.join(tempDir(), 'ledger.db');
    const writer = openSqliteLedger(file);
    await writer.recordPending(newDeployment('prod', 'refunds'));
    await writer.close();
    const reader = openSqliteLedger(file, { readonly: true });
    expect(await reader.history('prod')).toHaveLength(1);
    await expect(reader.recordPending(newDeployment('prod', 'refunds'))).rejects.toThrow(/read-only/);
    await reader.close();
  });
});
