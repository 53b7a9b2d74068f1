import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSqliteLedger } from '../../src/ledger/open-ledger.js';
import { isProcessAlive } from '../../src/ledger/process-liveness.js';
import { tempDir } from '../helpers/temp-project.js';
import { newDeployment } from './support/new-deployment.js';
import { waitForLine } from '../helpers/wait-for-line.js';
import { spawnDeploy } from './support/spawn-deploy.js';

describe('a deploy killed mid-publish', () => {
  it('leaves its pending row visible and its lock to be taken over at once', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'ledger.db');
    void openSqliteLedger(file).close();

    // Holds the lock until a file that never appears.
    const child = spawnDeploy({ ledger: file, env: 'prod', node: 'refunds', releaseFile: path.join(dir, 'never') });
    await waitForLine(child, 'pending');
    child.kill('SIGKILL');
    const ended = await child;
    expect(ended.signal).toBe('SIGKILL');

    const ledger = openSqliteLedger(file);
    expect((await ledger.lockHolder('prod'))?.pid).toBe(child.pid);
    let waited = false;
    const started = Date.now();
    const next = await ledger.withEnvLock(
      'prod',
      async () => (await ledger.recordOutcome((await ledger.recordPending(newDeployment('prod', 'refunds', 2))), 'succeeded')),
      { timeoutMs: 5_000, onWait: () => (waited = true) },
    );
    expect(waited).toBe(false);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(await ledger.lockHolder('prod')).toBeUndefined();

    const [interrupted, ...rest] = await ledger.history('prod');
    expect(interrupted).toMatchObject({ version: 1, outcome: 'pending', pid: child.pid });
    expect(interrupted && isProcessAlive(interrupted.pid, interrupted.host, interrupted.time)).toBe(false);
    expect(rest.map((row) => `v${row.version} ${row.outcome}`)).toEqual(['v2 pending', 'v2 succeeded']);
    expect(next.version).toBe(2);
    expect((await ledger.latest('prod'))[0]?.id).toBe(next.id);
    expect(await ledger.verify()).toEqual([]);
    await ledger.close();
  });
});
