import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import type { Ledger } from '../../../src/ledger/ledger.js';
import { openLedger } from '../../../src/ledger/open-ledger.js';
import { freshDatabase, PG_URL } from '../../helpers/postgres.js';
import { tempDir } from '../../helpers/temp-project.js';

/**
 * The two places a ledger can live, for the contract tests: the same test file runs against each.
 * `tamper` is what someone with the database's own shell can do (and a superuser can do anything):
 * turn the append-only guard off, then run SQL on the deployments table.
 */
export interface LedgerBackend {
  name: 'sqlite' | 'postgres';
  /** A new, empty location (a file path in a temp folder, or a fresh database's URL). */
  fresh(): Promise<string>;
  open(location: string, options?: { readonly?: boolean }): Promise<Ledger>;
  /** Runs `sql` (with `?` placeholders) on the deployments table with the guard off. */
  tamper(location: string, sql: string, ...params: unknown[]): Promise<void>;
  /** Runs `sql` with the guard on: what any client of the database can try. */
  raw(location: string, sql: string, ...params: unknown[]): Promise<void>;
}

const sqlite: LedgerBackend = {
  name: 'sqlite',
  fresh: async () => path.join(tempDir(), '.ca', 'ledger.db'),
  open: (location, options) => openLedger(location, options),
  async tamper(location, sql, ...params) {
    const db = new Database(location);
    try {
      db.exec('DROP TRIGGER IF EXISTS deployments_append_only_update; DROP TRIGGER IF EXISTS deployments_append_only_delete;');
      db.prepare(sql).run(...params);
    } finally {
      db.close();
    }
  },
  async raw(location, sql, ...params) {
    const db = new Database(location);
    try {
      db.prepare(sql).run(...params);
    } finally {
      db.close();
    }
  },
};

/** `?` placeholders as PostgreSQL's `$1, $2…`, and the table in ca's schema. */
function pgSql(sql: string): string {
  let index = 0;
  return sql.replace(/\?/g, () => `$${++index}`).replace(/\b(deployments|artifacts)\b/g, 'ca_ledger.$1');
}

async function onPg(location: string, work: (client: pg.Client) => Promise<unknown>): Promise<void> {
  const client = new pg.Client({ connectionString: location });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}

const postgres: LedgerBackend = {
  name: 'postgres',
  fresh: () => freshDatabase('ca_ledger'),
  open: (location, options) => openLedger(location, options),
  tamper: (location, sql, ...params) =>
    onPg(location, async (client) => {
      // The test server's user is a superuser: it can switch the triggers off, as a DBA could.
      await client.query('ALTER TABLE ca_ledger.deployments DISABLE TRIGGER USER');
      await client.query(pgSql(sql), params);
    }),
  raw: (location, sql, ...params) => onPg(location, (client) => client.query(pgSql(sql), params)),
};

/** SQLite always; PostgreSQL when the test server is there (test/helpers/postgres-cluster.ts). */
export const LEDGER_BACKENDS: readonly LedgerBackend[] = PG_URL ? [sqlite, postgres] : [sqlite];
