// `ca ledger copy` end to end: a real SQLite ledger to a real PostgreSQL database and back, with
// every chain still verifying, incremental copies, and a target with another history refused.
import { existsSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect, it } from 'vitest';
import { ca, deployRepo } from '../helpers/deploy-repo.js';
import { describePg, freshDatabase } from '../helpers/postgres.js';

interface Row {
  node: string;
  version: number;
  outcome: string;
  rowHash: string;
}

async function history(project: string, env: Record<string, string> = {}): Promise<Row[]> {
  const result = await ca(project, ['history', '--env', 'staging', '--json'], env);
  expect(result.exitCode, result.stderr).toBe(0);
  return (JSON.parse(result.stdout) as { records: Row[] }).records;
}

describePg('ca ledger copy', () => {
  it('round-trips a real ledger SQLite → PostgreSQL → SQLite with every chain verifying, and copies only what is new the second time', async () => {
    const { project } = await deployRepo();
    for (const args of [['-s', 'triage'], ['-s', 'triage', '--force'], ['-s', 'refund_flow']]) {
      expect((await ca(project, ['deploy', '--env', 'staging', '--yes', ...args])).exitCode).toBe(0);
    }
    const local = await history(project);
    const url = await freshDatabase('ca_copy');
    const team = { CA_LEDGER_URL: url };

    const up = await ca(project, ['ledger', 'copy', '--to', url, '--json']);
    expect(up.exitCode, up.stderr).toBe(0);
    expect(JSON.parse(up.stdout)).toMatchObject({ envs: [{ env: 'staging', already: 0, copied: 6 }], artifacts: 2, verified: true });
    expect((await history(project, team)).map((r) => r.rowHash)).toEqual(local.map((r) => r.rowHash));
    expect((await ca(project, ['ledger', 'verify'], team)).exitCode).toBe(0);
    // The copy serves rollback too: its artifacts came along.
    expect((await ca(project, ['rollback', 'triage', '--env', 'staging', '--to', '1', '--yes'], team)).exitCode).toBe(0);

    // Again after one more local deploy... which now diverges from the team's (the rollback above is only there).
    expect((await ca(project, ['deploy', '--env', 'staging', '-s', 'triage', '--force', '--yes'])).exitCode).toBe(0);
    const refused = await ca(project, ['ledger', 'copy', '--to', url]);
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toMatch(/already holds a different history of staging .*nothing was copied/);

    // Back down into a project that has no ledger yet: the team's history, whole.
    const { project: fresh } = await deployRepo();
    const down = await ca(fresh, ['ledger', 'copy', '--from', url, '--json']);
    expect(down.exitCode, down.stderr).toBe(0);
    expect(JSON.parse(down.stdout)).toMatchObject({ envs: [{ env: 'staging', already: 0, copied: 8 }], verified: true });
    expect(existsSync(path.join(fresh, '.ca', 'ledger.db'))).toBe(true);
    expect((await history(fresh)).map((r) => r.rowHash)).toEqual((await history(project, team)).map((r) => r.rowHash));
    expect((await ca(fresh, ['ledger', 'verify'])).exitCode).toBe(0);
    // Copying the same history again adds nothing.
    const again = await ca(fresh, ['ledger', 'copy', '--from', url, '--json']);
    expect(JSON.parse(again.stdout)).toMatchObject({ envs: [{ env: 'staging', already: 8, copied: 0 }], artifacts: 0 });
  }, 180_000);

  it('refuses a source that does not verify, and a copy onto itself, writing nothing', async () => {
    const { project } = await deployRepo();
    const same = await ca(project, ['ledger', 'copy', '--to', '.ca/ledger.db']);
    expect(same.exitCode).toBe(2);
    const nothing = await ca(project, ['ledger', 'copy', '--to', await freshDatabase('ca_copy')]);
    expect(nothing.exitCode).toBe(2);
    expect(nothing.stderr).toMatch(/nothing to copy/);
    const neither = await ca(project, ['ledger', 'copy']);
    expect(neither.exitCode).toBe(2);

    expect((await ca(project, ['deploy', '--env', 'staging', '--yes', '-s', 'triage'])).exitCode).toBe(0);
    const db = new Database(path.join(project, '.ca', 'ledger.db'));
    db.exec("DROP TRIGGER deployments_append_only_update; UPDATE deployments SET actor = 'mallory' WHERE id = 1;");
    db.close();
    const target = await freshDatabase('ca_copy');
    const broken = await ca(project, ['ledger', 'copy', '--to', target]);
    expect(broken.exitCode).toBe(1);
    expect(broken.stderr).toMatch(/does not verify .*nothing was copied/);
    expect((await ca(project, ['history', '--env', 'staging', '--json'], { CA_LEDGER_URL: target })).stdout).toContain('"records": []');
  }, 60_000);
});
