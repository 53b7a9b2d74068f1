import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openSqliteLedger } from '../../src/ledger/open-ledger.js';
import { HOST } from '../../src/ledger/process-liveness.js';
import { tempDir } from '../helpers/temp-project.js';

function leaveLock(file: string, env: string, pid: number, host: string, since: string): void {
  const db = new Database(file);
  db.prepare('INSERT INTO env_locks (env, pid, host, acquired_at) VALUES (?, ?, ?, ?)').run(env, pid, host, since);
  db.close();
}

function newLedgerFile(): string {
  const file = path.join(tempDir(), 'ledger.db');
  void openSqliteLedger(file).close();
  return file;
}

describe('env locks in a SQLite ledger (a row per lock, taken over from a dead process)', () => {
  it('takes over a lock whose process is gone: a dead pid, or our own pid from before we started', async () => {
    for (const [pid, since] of [
      [2 ** 22 + 12345, new Date().toISOString()],
      [process.pid, '2001-01-01T00:00:00.000Z'],
    ] as const) {
      const file = newLedgerFile();
      leaveLock(file, 'prod', pid, HOST, since);
      const ledger = openSqliteLedger(file);
      let waited = false;
      const holder = await ledger.withEnvLock('prod', async () => ledger.lockHolder('prod'), { timeoutMs: 0, onWait: () => (waited = true) });
      expect(waited).toBe(false);
      expect(holder?.pid).toBe(process.pid);
      expect(await ledger.lockHolder('prod')).toBeUndefined();
      await ledger.close();
    }
  });

  it('trusts a lock from another host until it is six hours old', async () => {
    const file = newLedgerFile();
    leaveLock(file, 'prod', 4242, 'build-agent-7', new Date(Date.now() - 60_000).toISOString());
    leaveLock(file, 'staging', 4242, 'build-agent-7', new Date(Date.now() - 7 * 3600_000).toISOString());
    const ledger = openSqliteLedger(file);
    await expect(ledger.withEnvLock('prod', async () => 'published', { timeoutMs: 150 })).rejects.toMatchObject({ code: 'env-locked' });
    await expect(ledger.withEnvLock('staging', async () => 'published', { timeoutMs: 0 })).resolves.toBe('published');
    expect(await ledger.lockHolder('prod')).toMatchObject({ host: 'build-agent-7' });
    await ledger.close();
  });
});
