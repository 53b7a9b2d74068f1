import pg from 'pg';
import { afterEach, expect, it } from 'vitest';
import { describePg, freshDatabase } from '../helpers/postgres.js';

/**
 * The throwaway PostgreSQL server the suite starts (test/helpers/postgres-cluster.ts) is real:
 * tables, rows, and session advisory locks that die with their connection, which is what lets a
 * killed deploy release its lock.
 */
describePg('the test PostgreSQL server', () => {
  const clients: pg.Client[] = [];

  async function connect(url: string): Promise<pg.Client> {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    clients.push(client);
    return client;
  }

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.end().catch(() => {})));
  });

  it('gives each test file databases of its own: create, insert, read back', async () => {
    const url = await freshDatabase('ca_cluster');
    expect(new URL(url).pathname).toMatch(/^\/ca_cluster_[0-9a-f]{12}$/);
    const client = await connect(url);
    await client.query('CREATE TABLE runs (id serial PRIMARY KEY, name text NOT NULL)');
    await client.query('INSERT INTO runs (name) VALUES ($1), ($2)', ['triage', 'reply']);
    const { rows } = await client.query<{ name: string }>('SELECT name FROM runs ORDER BY id');
    expect(rows.map((row) => row.name)).toEqual(['triage', 'reply']);
  });

  it('releases an advisory lock when the connection holding it goes away', async () => {
    const url = await freshDatabase();
    const first = await connect(url);
    const second = await connect(url);
    const tryLock = async (client: pg.Client) =>
      (await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock(42) AS locked')).rows[0]!.locked;

    await first.query('SELECT pg_advisory_lock(42)');
    expect(await tryLock(second)).toBe(false);

    // No unlock: the session ends, as when its process is killed.
    await first.end();
    expect(await tryLock(second)).toBe(true);
  });
});
