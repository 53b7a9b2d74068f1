import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/errors.js';
import { openLedger } from '../../src/ledger/open-ledger.js';
import { HOST } from '../../src/ledger/process-liveness.js';
import { tempDir } from '../helpers/temp-project.js';

function leaveLock(file: string, env: string, pid: number, host: string, since: string): void {
  const db = new Database(file);
  db.prepare('INSERT INTO env_locks (env, pid, host, acquired_at) VALUES (?, ?, ?, ?)').run(env, pid, host, since);
  db.close();
}

function newLedgerFile(): string {
  const file = path.join(tempDir(), 'ledger.db');
  openLedger(file).close();
  return file;
}

describe('env locks', () => {
  it('holds the lock while the work runs and releases it after, even when the work throws', async () => {
    const ledger = openLedger(newLedgerFile());
    const seen = await ledger.withEnvLock('prod', async () => ledger.lockHolder('prod'));
    expect(seen).toMatchObject({ pid: process.pid, host: HOST });
    expect(ledger.lockHolder('prod')).toBeUndefined();
    await expect(ledger.withEnvLock('prod', async () => Promise.reject(new Error('publish.sh exited with 1')))).rejects.toThrow('publish.sh');
    expect(ledger.lockHolder('prod')).toBeUndefined();
    ledger.close();
  });

  it('makes a second deploy to the same env wait, then gives up with env-locked naming the holder', async () => {
    const file = newLedgerFile();
    const first = openLedger(file);
    const second = openLedger(file);
    let release!: () => void;
    const held = first.withEnvLock('prod', () => new Promise<void>((resolve) => (release = resolve)));
    const waits: unknown[] = [];
    const started = Date.now();
    const error = await second.withEnvLock('prod', async () => 'published', { timeoutMs: 400, onWait: (holder) => waits.push(holder) }).catch((e: unknown) => e);
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
    expect(error).toBeInstanceOf(UserError);
    expect(error).toMatchObject({ code: 'env-locked', exitCode: 1 });
    expect((error as UserError).message).toContain(`pid ${process.pid} on ${HOST}`);
    expect(waits).toEqual([{ pid: process.pid, host: HOST, since: expect.any(String) }]);
    // Other envs are free meanwhile.
    await expect(second.withEnvLock('staging', async () => 'published', { timeoutMs: 0 })).resolves.toBe('published');
    release();
    await held;
    await expect(second.withEnvLock('prod', async () => 'published', { timeoutMs: 0 })).resolves.toBe('published');
    first.close();
    second.close();
  });

  it('takes over a lock whose process is gone: a dead pid, or our own pid from before we started', async () => {
    for (const [pid, since] of [
      [2 ** 22 + 12345, new Date().toISOString()],
      [process.pid, '2001-01-01T00:00:00.000Z'],
    ] as const) {
      const file = newLedgerFile();
      leaveLock(file, 'prod', pid, HOST, since);
      const ledger = openLedger(file);
      let waited = false;
      const holder = await ledger.withEnvLock('prod', async () => ledger.lockHolder('prod'), { timeoutMs: 0, onWait: () => (waited = true) });
      expect(waited).toBe(false);
      expect(holder?.pid).toBe(process.pid);
      expect(ledger.lockHolder('prod')).toBeUndefined();
      ledger.close();
    }
  });

  it('trusts a lock from another host until it is six hours old', async () => {
    const file = newLedgerFile();
    leaveLock(file, 'prod', 4242, 'build-agent-7', new Date(Date.now() - 60_000).toISOString());
    leaveLock(file, 'staging', 4242, 'build-agent-7', new Date(Date.now() - 7 * 3600_000).toISOString());
    const ledger = openLedger(file);
    await expect(ledger.withEnvLock('prod', async () => 'published', { timeoutMs: 150 })).rejects.toMatchObject({ code: 'env-locked' });
    await expect(ledger.withEnvLock('staging', async () => 'published', { timeoutMs: 0 })).resolves.toBe('published');
    expect(ledger.lockHolder('prod')).toMatchObject({ host: 'build-agent-7' });
    ledger.close();
  });
});
