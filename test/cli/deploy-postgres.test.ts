// End to end on the team backend: real `ca` processes from two separate working copies sharing one
// ledger on a real PostgreSQL server through CA_LEDGER_URL, as two CI runners would.
import { existsSync, writeFileSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import { execa } from 'execa';
import path from 'node:path';
import pg from 'pg';
import { expect, it } from 'vitest';
import { ca, deployRepo } from '../helpers/deploy-repo.js';
import { describePg, freshDatabase, PG_URL } from '../helpers/postgres.js';
import { CA_BIN } from '../helpers/run-cli.js';

interface HistoryRecord {
  id: number;
  node: string;
  version: number;
  outcome: 'pending' | 'succeeded' | 'failed';
  pid: number;
}

describePg('ca deploy with the ledger on PostgreSQL', () => {
  it('six concurrent deploys from two working copies all succeed, with monotonic versions, one history and a chain that verifies; a superuser edit fails verify', async () => {
    const url = await freshDatabase('ca_team');
    const env = { CA_LEDGER_URL: url };
    const copies = [(await deployRepo()).project, (await deployRepo()).project];

    // No schema yet: the six also race to create it.
    const runs = await Promise.all(
      Array.from({ length: 6 }, (_, index) => ca(copies[index % 2]!, ['deploy', '-s', 'triage', '--env', 'staging', '--force', '--yes'], env)),
    );
    for (const run of runs) expect(run.exitCode, run.stderr).toBe(0);
    for (const project of copies) expect(existsSync(path.join(project, '.ca', 'ledger.db'))).toBe(false);

    // Either copy sees the whole team's history.
    for (const project of copies) {
      const history = await ca(project, ['history', '--env', 'staging', '--json'], env);
      expect(history.exitCode, history.stderr).toBe(0);
      const records = (JSON.parse(history.stdout) as { records: HistoryRecord[] }).records;
      expect(records.map((r) => `${r.node} v${r.version} ${r.outcome}`)).toEqual(
        Array.from({ length: 6 }, (_, index) => [`triage v${index + 1} pending`, `triage v${index + 1} succeeded`]).flat(),
      );
    }
    const status = await ca(copies[1]!, ['status', '--env', 'staging', '-s', 'triage', '--json'], env);
    expect(status.exitCode, status.stderr).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ rows: [{ node: 'triage', status: 'in-sync', version: 6 }] });
    const show = await ca(copies[0]!, ['show', 'triage'], env);
    expect(show.stdout).toMatch(/staging\s+v6 succeeded/);
    const verified = await ca(copies[0]!, ['ledger', 'verify'], env);
    expect(verified.exitCode, verified.stdout + verified.stderr).toBe(0);

    // A superuser can switch the guard off; the chain still tells.
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query('ALTER TABLE ca_ledger.deployments DISABLE TRIGGER USER');
    await client.query("UPDATE ca_ledger.deployments SET actor = 'mallory' WHERE id = (SELECT min(id) FROM ca_ledger.deployments)");
    await client.query('ALTER TABLE ca_ledger.deployments ENABLE TRIGGER USER');
    await client.end();
    const broken = await ca(copies[1]!, ['ledger', 'verify'], env);
    expect(broken.exitCode).toBe(1);
    expect(broken.stdout + broken.stderr).toMatch(/staging/);
  }, 180_000);

  it('a deploy whose database goes away mid-publish exits 1 naming it; the pending row is whole, and reads as interrupted once the server is back', async () => {
    const url = await freshDatabase('ca_team');
    const name = new URL(url).pathname.slice(1);
    const { project } = await deployRepo();
    const release = path.join(project, 'release');
    const deploy = execa(process.execPath, [CA_BIN, 'deploy', '--env', 'slow', '-s', 'triage', '--yes'], {
      cwd: project,
      env: { NO_COLOR: '1', CA_LEDGER_URL: url, CA_TEST_RELEASE: release },
      reject: false,
    });
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      // Wait for the pending row, then cut every session of ca and refuse new ones: the network is gone.
      for (let tries = 0; ; tries++) {
        const { rows } = await admin.query("SELECT count(*)::int AS n FROM ca_ledger.deployments WHERE outcome = 'pending'").catch(() => ({ rows: [{ n: 0 }] }));
        if (rows[0].n > 0) break;
        if (tries > 200) throw new Error('no pending row');
        await delay(100);
      }
    } finally {
      await admin.end();
    }
    // From the server's own database: a database cannot refuse the connection that alters it.
    const server = new pg.Client({ connectionString: PG_URL });
    await server.connect();
    await server.query(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS false`);
    await server.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name LIKE 'ca:%'");
    await server.end();
    writeFileSync(release, '');
    const ended = await deploy;
    expect(ended.exitCode).toBe(1);
    expect(String(ended.stderr), String(ended.stderr)).toMatch(/lost the connection to the deploy ledger at postgres:\/\//);

    const reopen = new pg.Client({ connectionString: PG_URL });
    await reopen.connect();
    await reopen.query(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS true`);
    await reopen.end();
    const history = await ca(project, ['history', '--env', 'slow', '--json'], { CA_LEDGER_URL: url });
    expect((JSON.parse(history.stdout) as { records: HistoryRecord[] }).records.map((r) => `${r.node} v${r.version} ${r.outcome}`)).toEqual(['triage v1 pending']);
    const status = await ca(project, ['status', '--env', 'slow', '-s', 'triage', '--json'], { CA_LEDGER_URL: url });
    expect(status.exitCode).toBe(3);
    expect(JSON.parse(status.stdout)).toMatchObject({ rows: [{ node: 'triage', status: 'interrupted' }] });
    expect((await ca(project, ['ledger', 'verify'], { CA_LEDGER_URL: url })).exitCode).toBe(0);
  }, 120_000);

  it('an unreachable server or a URL that is not PostgreSQL is one line and exit 2, and the password never shows', async () => {
    const { project } = await deployRepo();
    const down = await ca(project, ['status', '--env', 'staging'], { CA_LEDGER_URL: 'postgres://deployer:s3cret-pw@127.0.0.1:1/ledger' });
    expect(down.exitCode).toBe(2);
    expect(down.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^error: .*cannot reach the deploy ledger at postgres:\/\/deployer:\*\*\*\*@127\.0\.0\.1:1\/ledger/)]);
    expect(down.stdout + down.stderr).not.toContain('s3cret-pw');
    const deploy = await ca(project, ['deploy', '--env', 'staging', '-s', 'triage', '--yes'], { CA_LEDGER_URL: 'postgres://deployer:s3cret-pw@127.0.0.1:1/ledger' });
    expect(deploy.exitCode).toBe(2);
    expect(deploy.stdout + deploy.stderr).not.toContain('s3cret-pw');
    expect(existsSync(path.join(project, '.ca', 'releases', 'staging'))).toBe(false);
    // ca doctor checks the connection, and shows the URL masked.
    const doctorDown = await ca(project, ['doctor', '--json'], { CA_LEDGER_URL: 'postgres://deployer:s3cret-pw@127.0.0.1:1/ledger' });
    expect(doctorDown.exitCode).toBe(1);
    const downCheck = (JSON.parse(doctorDown.stdout) as { checks: { id: string; status: string; summary: string }[] }).checks.find((c) => c.id === 'ledger');
    expect(downCheck).toMatchObject({ status: 'fail', summary: expect.stringContaining('cannot reach the deploy ledger at postgres://deployer:****@127.0.0.1:1/ledger') });
    expect(doctorDown.stdout).not.toContain('s3cret-pw');
    const doctorUp = await ca(project, ['doctor', '--json'], { CA_LEDGER_URL: await freshDatabase('ca_team') });
    const upCheck = (JSON.parse(doctorUp.stdout) as { checks: { id: string; status: string; summary: string }[] }).checks.find((c) => c.id === 'ledger');
    expect(upCheck).toMatchObject({ status: 'ok', summary: expect.stringMatching(/^no ledger yet \(nothing deployed\): postgres:\/\//) });
    const notPg = await ca(project, ['status', '--env', 'staging'], { CA_LEDGER_URL: 'mysql://root@localhost/ledger' });
    expect(notPg.exitCode).toBe(2);
    expect(notPg.stderr).toMatch(/CA_LEDGER_URL is not a PostgreSQL URL/);
  }, 60_000);
});
