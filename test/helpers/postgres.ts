import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe } from 'vitest';

/**
 * The throwaway PostgreSQL server that test/helpers/postgres-cluster.ts (vitest globalSetup)
 * started, or the one CA_TEST_PG_URL names; undefined when there is none (no server binaries).
 */
export const PG_URL: string | undefined = process.env.CA_TEST_PG_URL || undefined;

/** `describe` when there is a server, `describe.skip` when not: `describePg('…', () => { … })`. */
export const describePg: typeof describe.skip = PG_URL ? describe : describe.skip;

const created: string[] = [];

/**
 * A new, empty database of its own (`<prefix>_<random hex>`) on the test server, and its URL.
 * Dropped after the file's tests, even with connections still open.
 */
export async function freshDatabase(prefix = 'ca'): Promise<string> {
  if (!PG_URL) throw new Error('freshDatabase needs a PostgreSQL server: use describePg, which skips without one');
  const name = `${prefix}_${randomBytes(6).toString('hex')}`.toLowerCase();
  await withAdmin((client) => client.query(`CREATE DATABASE "${name}"`));
  created.push(name);
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/** A statement or two on the server's `postgres` database. */
async function withAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Drops the databases freshDatabase() made since the last call, even with connections still open. */
export async function dropFreshDatabases(): Promise<void> {
  const names = created.splice(0);
  if (names.length === 0) return;
  await withAdmin(async (client) => {
    for (const name of names) await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  });
}
