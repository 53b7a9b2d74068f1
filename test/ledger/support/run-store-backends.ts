import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { openRunStore } from '../../../src/ledger/open-run-store.js';
import { openPgRunStore, type PgRunStoreOptions } from '../../../src/ledger/postgres/pg-run-store.js';
import type { RunStore } from '../../../src/ledger/run-store.js';
import { freshDatabase, PG_URL } from '../../helpers/postgres.js';
import { tempDir } from '../../helpers/temp-project.js';

/** The two places a run store can live, for the contract tests: the same test file runs against each. */
export interface RunStoreBackend {
  name: 'sqlite' | 'postgres';
  /** A new, empty location: a file path in a temp folder, or the URL of a database without ca's runs. */
  fresh(): Promise<string>;
  open(location: string, options?: PgRunStoreOptions): Promise<RunStore>;
  /** Rows of a query on the run tables (`runs`, `events`, `steps`; `?` placeholders), read past the store. */
  raw<T>(location: string, sql: string, ...params: unknown[]): Promise<T[]>;
}

const sqlite: RunStoreBackend = {
  name: 'sqlite',
  fresh: async () => path.join(tempDir(), '.ca', 'runs.db'),
  open: async (location, options) => openRunStore(location, options),
  async raw<T>(location: string, sql: string, ...params: unknown[]) {
    const db = new Database(location, { readonly: true });
    try {
      return db.prepare(sql).all(...params) as T[];
    } finally {
      db.close();
    }
  },
};

/** `?` placeholders as PostgreSQL's `$1, $2…`, and the tables in ca's schema. */
export function pgSql(sql: string): string {
  let index = 0;
  return sql.replace(/\?/g, () => `$${++index}`).replace(/\b(runs|events|steps)\b/g, 'ca_runs.$1');
}

/** One statement on the database at `url`, on a connection of its own. */
export async function onPg<T = Record<string, unknown>>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

/**
 * One database per test file (creating one costs a tenth of a second or more); a fresh location is
 * that database with every run deleted (the first writable open creates ca's schema).
 */
let database: Promise<string> | undefined;

const postgres: RunStoreBackend = {
  name: 'postgres',
  async fresh() {
    database ??= freshDatabase('ca_runs');
    const url = await database;
    await onPg(url, "DO $$ BEGIN IF to_regnamespace('ca_runs') IS NOT NULL THEN DELETE FROM ca_runs.steps; DELETE FROM ca_runs.events; DELETE FROM ca_runs.runs; END IF; END $$");
    return url;
  },
  open: (location, options) => openPgRunStore(location, options),
  raw: (location, sql, ...params) => onPg(location, pgSql(sql), params),
};

/** SQLite always; PostgreSQL when the test server is there (test/helpers/postgres-cluster.ts). */
export const RUN_STORE_BACKENDS: readonly RunStoreBackend[] = PG_URL ? [sqlite, postgres] : [sqlite];
