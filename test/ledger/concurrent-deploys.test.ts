import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSqliteLedger } from '../../src/ledger/open-ledger.js';
import { tempDir } from '../helpers/temp-project.js';
import { waitForLine } from '../helpers/wait-for-line.js';
import { spawnDeploy } from './support/spawn-deploy.js';

describe('deploys from separate processes', () => {
  it('serialises eight deploys to one env: dense versions, whole pending/succeeded pairs, a chain that verifies', async () => {
    // No ledger file yet: the eight processes also race to create and migrate it.
    const file = path.join(tempDir(), '.ca', 'ledger.db');
    const children = Array.from({ length: 8 }, () => spawnDeploy({ ledger: file, env: 'prod', node: 'refunds', holdMs: 40 }));
    const results = await Promise.all(children);

    for (const result of results) {
      expect(result.stderr).not.toMatch(/SQLITE_BUSY|database is locked/);
      expect(result.exitCode, String(result.stderr)).toBe(0);
    }
    const ledger = openSqliteLedger(file, { readonly: true });
    const rows = await ledger.history('prod');
    expect(rows.filter((row) => row.outcome === 'succeeded')).toHaveLength(8);
    // The lock makes each deploy whole: its pending row is followed by its own outcome, never another's.
    expect(rows.map((row) => `${row.version} ${row.outcome}`)).toEqual(
      Array.from({ length: 8 }, (_, index) => [`${index + 1} pending`, `${index + 1} succeeded`]).flat(),
    );
    for (let index = 0; index < rows.length; index += 2) expect(rows[index]?.pid).toBe(rows[index + 1]?.pid);
    expect(new Set(rows.map((row) => row.pid)).size).toBe(8);
    expect(results.map((result) => Number(String(result.stdout).match(/^done (\d+)$/m)?.[1])).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(await ledger.verify()).toEqual([]);
    expect(await ledger.lockHolder('prod')).toBeUndefined();
    await ledger.close();
  });

  it('lets a deploy to another env finish while one env stays locked, and makes the same env wait', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'ledger.db');
    const releaseProd = path.join(dir, 'release-prod');
    void openSqliteLedger(file).close();

    const prod = spawnDeploy({ ledger: file, env: 'prod', node: 'refunds', releaseFile: releaseProd });
    await waitForLine(prod, 'pending');

    // staging does not wait for prod: it completes while prod is still holding its lock.
    const staging = await spawnDeploy({ ledger: file, env: 'staging', node: 'refunds', timeoutMs: 20_000 });
    expect(staging.exitCode, String(staging.stderr)).toBe(0);
    expect(String(staging.stdout)).not.toContain('waiting');
    expect(prod.exitCode).toBeNull();

    // A second prod deploy waits for the first, and only then writes its pending row.
    const prodAgain = spawnDeploy({ ledger: file, env: 'prod', node: 'refunds', timeoutMs: 20_000 });
    expect(await waitForLine(prodAgain, 'waiting')).toBe(`waiting ${prod.pid}`);
    const ledger = openSqliteLedger(file, { readonly: true });
    expect((await ledger.history('prod')).map((row) => row.outcome)).toEqual(['pending']);
    expect((await ledger.lockHolder('prod'))?.pid).toBe(prod.pid);

    writeFileSync(releaseProd, '');
    const [first, second] = await Promise.all([prod, prodAgain]);
    expect([first.exitCode, second.exitCode]).toEqual([0, 0]);
    expect((await ledger.history('prod')).map((row) => `${row.pid === prod.pid ? 'first' : 'second'} v${row.version} ${row.outcome}`)).toEqual([
      'first v1 pending',
      'first v1 succeeded',
      'second v2 pending',
      'second v2 succeeded',
    ]);
    expect(await ledger.verify()).toEqual([]);
    await ledger.close();
  });
});

describe('writers without the env lock', () => {
  it('never see SQLITE_BUSY: every write transaction takes the write lock up front', async () => {
    const file = path.join(tempDir(), 'ledger.db');
    void openSqliteLedger(file).close();
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, index) => spawnDeploy({ ledger: file, env: 'prod', node: index % 2 ? 'refunds' : 'tickets', burst: 40 })),
    );
    for (const result of results) expect(result.exitCode, String(result.stderr)).toBe(0);
    const ledger = openSqliteLedger(file, { readonly: true });
    for (const node of ['refunds', 'tickets']) {
      const versions = (await ledger.history('prod', node)).filter((row) => row.outcome === 'pending').map((row) => row.version);
      expect(versions).toEqual(Array.from({ length: 160 }, (_, index) => index + 1));
    }
    expect(await ledger.verify()).toEqual([]);
    await ledger.close();
  });
});
