// What only the PostgreSQL ledger does: migrations that run once however many processes start at
// the same moment, env locks that die with their session (a killed deploy never leaves one), the
// errors of a server that is not there or not ca's, and a guard switched off by a superuser.
import path from 'node:path';
import pg from 'pg';
import { expect, it } from 'vitest';
import { type Ledger, LEDGER_SCHEMA_VERSION } from '../../src/ledger/ledger.js';
import { openLedger } from '../../src/ledger/open-ledger.js';
import { caughtAsync } from '../helpers/caught.js';
import { describePg, freshDatabase } from '../helpers/postgres.js';
import { tempDir } from '../helpers/temp-project.js';
import { waitForLine } from '../helpers/wait-for-line.js';
import { newDeployment } from './support/new-deployment.js';
import { spawnDeploy } from './support/spawn-deploy.js';

async function sql(url: string, text: string, values: unknown[] = []): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(text, values);
  } finally {
    await client.end();
  }
}

describePg('the deploy ledger on PostgreSQL', () => {
  it('creates its schema exactly once when eight connections open a new database at the same moment', async () => {
    const url = await freshDatabase();
    const ledgers: Ledger[] = await Promise.all(Array.from({ length: 8 }, () => openLedger(url)));
    expect(ledgers.map((ledger) => ledger.schemaVersion)).toEqual(Array(8).fill(LEDGER_SCHEMA_VERSION));
    await Promise.all(ledgers.map((ledger, index) => ledger.recordPending(newDeployment('prod', `node_${index}`))));
    await Promise.all(ledgers.map((ledger) => ledger.close()));
    const meta = await sql(url, 'SELECT key, value FROM ca_ledger.meta ORDER BY key');
    expect(meta.rows).toEqual([
      { key: 'schema_version', value: String(LEDGER_SCHEMA_VERSION) },
      { key: 'store', value: 'ca-ledger' },
    ]);
    expect((await sql(url, 'SELECT count(*)::int AS n FROM ca_ledger.deployments')).rows[0].n).toBe(8);
  });

  it('a reader creates nothing: a database without ca’s schema is "nothing deployed", and stays empty', async () => {
    const url = await freshDatabase();
    const error = await caughtAsync(() => openLedger(url, { readonly: true }));
    expect(error).toMatchObject({ code: 'ledger-missing', exitCode: 2 });
    expect((await sql(url, "SELECT count(*)::int AS n FROM pg_namespace WHERE nspname = 'ca_ledger'")).rows[0].n).toBe(0);
  });

  it('a deploy killed while it holds the env lock leaves no lock: the next deploy takes it at once', async () => {
    const url = await freshDatabase();
    await (await openLedger(url)).close();
    const child = spawnDeploy({ ledger: url, env: 'prod', node: 'refunds', releaseFile: path.join(tempDir(), 'never') });
    await waitForLine(child, 'pending');
    const ledger = await openLedger(url);
    expect(await ledger.deployInProgress('prod')).toBe(true);
    expect((await ledger.lockHolder('prod'))?.pid).toBe(child.pid);
    child.kill('SIGKILL');
    await child;

    const started = Date.now();
    const next = await ledger.withEnvLock('prod', async () => ledger.recordOutcome(await ledger.recordPending(newDeployment('prod', 'refunds', 2)), 'succeeded'), {
      timeoutMs: 10_000,
    });
    // The server may take a moment to notice the dead session; it never needs a human.
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(next.version).toBe(2);
    expect(await ledger.deployInProgress('prod')).toBe(false);
    const [interrupted] = await ledger.history('prod');
    expect(interrupted).toMatchObject({ version: 1, outcome: 'pending', pid: child.pid });
    expect(await ledger.verify()).toEqual([]);
    await ledger.close();
  });

  it('a superuser who switches the append-only triggers off is reported by integrityProblems', async () => {
    const url = await freshDatabase();
    await (await openLedger(url)).close();
    await sql(url, 'ALTER TABLE ca_ledger.deployments DISABLE TRIGGER deployments_append_only');
    await sql(url, 'DROP TRIGGER artifacts_immutable ON ca_ledger.artifacts');
    const ledger = await openLedger(url, { readonly: true });
    expect(await ledger.integrityProblems()).toEqual([
      expect.stringMatching(/deployments_append_only on deployments is disabled/),
      expect.stringMatching(/artifacts_immutable on artifacts is missing/),
    ]);
    await ledger.close();
  });

  it('refuses a schema that is not ca’s, and one written by a newer ca, writing nothing', async () => {
    const foreign = await freshDatabase();
    await sql(foreign, 'CREATE SCHEMA ca_ledger; CREATE TABLE ca_ledger.deployments (id int)');
    expect(await caughtAsync(() => openLedger(foreign))).toMatchObject({ code: 'ledger-not-ca', exitCode: 2 });
    expect((await sql(foreign, "SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'ca_ledger'")).rows[0].n).toBe(1);

    const newer = await freshDatabase();
    await (await openLedger(newer)).close();
    await sql(newer, "UPDATE ca_ledger.meta SET value = '99' WHERE key = 'schema_version'");
    for (const readonly of [false, true]) {
      const error = await caughtAsync(() => openLedger(newer, { readonly }));
      expect(error).toMatchObject({ code: 'ledger-too-new', exitCode: 2 });
      expect(error.message).toContain('schema version 99');
    }
  });

  it('a server that is not there, or a database that does not exist, is one line naming the URL with its password masked', async () => {
    const url = new URL(await freshDatabase());
    url.username = 'deployer';
    url.password = 's3cret-pw';
    url.port = '1'; // nothing listens on port 1
    const unreachable = await caughtAsync(() => openLedger(url.toString()));
    expect(unreachable).toMatchObject({ code: 'ledger-unreachable', exitCode: 2 });
    expect(unreachable.message).toContain('postgres://deployer:****@127.0.0.1:1/');
    expect(unreachable.message).not.toContain('s3cret-pw');

    const missing = new URL(await freshDatabase());
    missing.pathname = '/no_such_database';
    const error = await caughtAsync(() => openLedger(missing.toString()));
    expect(error).toMatchObject({ code: 'ledger-no-database', exitCode: 2 });
    expect(error.message).toMatch(/no_such_database/);
  });
});
