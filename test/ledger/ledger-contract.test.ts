// The deploy ledger's contract, run against every backend (SQLite, and PostgreSQL when the test
// server is up): versions, pending and outcome rows, reads, artifacts, the append-only rule, the
// hash chain and its breaks, env locks. Backend-only behaviour has its own files.
import { describe, expect, it } from 'vitest';
import type { DeploymentRecord } from '../../src/core/deployment.js';
import { UserError } from '../../src/core/errors.js';
import type { Ledger } from '../../src/ledger/ledger.js';
import { HOST } from '../../src/ledger/process-liveness.js';
import { LEDGER_BACKENDS } from './support/ledger-backends.js';
import { newDeployment } from './support/new-deployment.js';

/** pending then an outcome, like one deploy of one node. */
async function deploy(ledger: Ledger, env: string, node: string, revision: number, outcome: 'succeeded' | 'failed' = 'succeeded') {
  const pending = await ledger.recordPending(newDeployment(env, node, revision));
  return ledger.recordOutcome(pending, outcome, outcome === 'failed' ? 'publish.sh exited with 1' : undefined);
}

describe.each(LEDGER_BACKENDS)('the deploy ledger on $name', (backend) => {
  const fresh = async () => backend.open(await backend.fresh());

  /** Two envs, three deploys each (six rows per env, interleaved ids). */
  async function ledgerWithHistory(): Promise<{ location: string; rows: Record<string, DeploymentRecord[]> }> {
    const location = await backend.fresh();
    const ledger = await backend.open(location);
    for (let revision = 1; revision <= 3; revision++) {
      for (const env of ['staging', 'prod']) await deploy(ledger, env, revision === 2 ? 'tickets' : 'refunds', revision);
    }
    const rows = { prod: await ledger.history('prod'), staging: await ledger.history('staging') };
    await ledger.close();
    return { location, rows };
  }

  async function verify(location: string) {
    const ledger = await backend.open(location, { readonly: true });
    try {
      return await ledger.verify();
    } finally {
      await ledger.close();
    }
  }

  const id = (rows: Record<string, DeploymentRecord[]>, env: string, index: number): number => rows[env]![index]!.id;

  it('numbers versions per env and node from 1, each env on its own; a failed version is spent', async () => {
    const ledger = await fresh();
    expect((await deploy(ledger, 'prod', 'refunds', 1)).version).toBe(1);
    expect((await deploy(ledger, 'prod', 'refunds', 2)).version).toBe(2);
    expect((await deploy(ledger, 'prod', 'tickets', 1)).version).toBe(1);
    expect((await deploy(ledger, 'staging', 'refunds', 3)).version).toBe(1);
    expect((await deploy(ledger, 'prod', 'refunds', 3, 'failed')).version).toBe(3);
    expect((await ledger.recordPending(newDeployment('prod', 'refunds', 4))).version).toBe(4);
    expect((await ledger.recordPending(newDeployment('prod', 'refunds', 5))).version).toBe(5);
    await ledger.close();
  });

  it('writes who and when on the pending row and copies it into the outcome row', async () => {
    const ledger = await fresh();
    const entry = newDeployment('prod', 'refunds', 1, { gitDirty: true, gitCommit: null });
    const pending = await ledger.recordPending(entry);
    expect(pending).toMatchObject({ ...entry, version: 1, outcome: 'pending', message: null, pid: process.pid, prevHash: '' });
    expect(new Date(pending.time).toISOString()).toBe(pending.time);
    expect(pending.host).toBe(HOST);
    const failed = await ledger.recordOutcome(pending, 'failed', 'publish.sh exited with 1');
    expect(failed).toMatchObject({ ...entry, version: 1, outcome: 'failed', message: 'publish.sh exited with 1', prevHash: pending.rowHash });
    expect(failed.id).toBeGreaterThan(pending.id);
    expect(await ledger.history('prod')).toEqual([pending, failed]);
    await ledger.close();
  });

  it('refuses a second outcome for one version, or an outcome for a row that is not pending', async () => {
    const ledger = await fresh();
    const pending = await ledger.recordPending(newDeployment('prod', 'refunds'));
    const succeeded = await ledger.recordOutcome(pending, 'succeeded');
    await expect(ledger.recordOutcome(pending, 'failed')).rejects.toThrow(/already has an outcome/);
    await expect(ledger.recordOutcome(succeeded, 'failed')).rejects.toThrow(/not the pending row/);
    expect(await ledger.history('prod')).toHaveLength(2);
    await ledger.close();
  });

  it('answers latest, latest succeeded, one version, history and envs', async () => {
    const ledger = await fresh();
    const refundsV1 = await deploy(ledger, 'prod', 'refunds', 1);
    const refundsV2 = await deploy(ledger, 'prod', 'refunds', 2);
    const refundsV3 = await deploy(ledger, 'prod', 'refunds', 3, 'failed');
    const ticketsV1 = await deploy(ledger, 'prod', 'tickets', 1);
    const ticketsV2 = await ledger.recordPending(newDeployment('prod', 'tickets', 2));
    const stagingV1 = await deploy(ledger, 'staging', 'refunds', 9);

    expect(await ledger.latest('prod')).toEqual([refundsV3, ticketsV2]);
    expect(await ledger.latestSucceeded('prod')).toEqual([refundsV2, ticketsV1]);
    expect(await ledger.latestSucceeded('staging')).toEqual([stagingV1]);
    expect(await ledger.latest('qa')).toEqual([]);
    expect(await ledger.version('prod', 'refunds', 1)).toEqual(refundsV1);
    expect(await ledger.version('prod', 'refunds', 3)).toBeUndefined();
    expect(await ledger.version('prod', 'tickets', 2)).toBeUndefined();
    expect(await ledger.version('staging', 'refunds', 2)).toBeUndefined();

    const prod = await ledger.history('prod');
    expect(prod.map((row) => [row.node, row.version, row.outcome])).toEqual([
      ['refunds', 1, 'pending'],
      ['refunds', 1, 'succeeded'],
      ['refunds', 2, 'pending'],
      ['refunds', 2, 'succeeded'],
      ['refunds', 3, 'pending'],
      ['refunds', 3, 'failed'],
      ['tickets', 1, 'pending'],
      ['tickets', 1, 'succeeded'],
      ['tickets', 2, 'pending'],
    ]);
    expect((await ledger.history('prod', 'tickets')).map((row) => row.id)).toEqual(prod.filter((row) => row.node === 'tickets').map((row) => row.id));
    expect(await ledger.history('prod', 'invoices')).toEqual([]);
    expect(await ledger.envs()).toEqual(['prod', 'staging']);
    await ledger.close();
  });

  it('reads what another connection wrote, JSON and flags included', async () => {
    const location = await backend.fresh();
    const writer = await backend.open(location);
    const entry = newDeployment('prod', 'refunds', 1, { upstream: { lookup_order: 'a1', issue_refund: 'b2' }, gitDirty: true });
    const written = await writer.recordOutcome(await writer.recordPending(entry), 'succeeded');
    const reader = await backend.open(location, { readonly: true });
    const [read] = await reader.latestSucceeded('prod');
    expect(read).toEqual(written);
    expect(read?.gitDirty).toBe(true);
    expect(read?.upstream).toEqual({ lookup_order: 'a1', issue_refund: 'b2' });
    await reader.close();
    await writer.close();
  });

  it('keeps the first JSON stored under a hash', async () => {
    const ledger = await fresh();
    await ledger.storeArtifact('9c1e', '{"node":"refunds"}');
    await ledger.storeArtifact('9c1e', '{"node":"something else"}');
    expect(await ledger.artifact('9c1e')).toBe('{"node":"refunds"}');
    expect(await ledger.artifact('0000')).toBeUndefined();
    await ledger.close();
  });

  it('refuses UPDATE and DELETE of deployments and UPDATE of artifacts from any client of the database', async () => {
    const location = await backend.fresh();
    const ledger = await backend.open(location);
    const pending = await ledger.recordPending(newDeployment('prod', 'refunds'));
    await ledger.recordOutcome(pending, 'succeeded');
    await ledger.storeArtifact(pending.artifactHash, '{"node":"refunds"}');
    await ledger.close();

    await expect(backend.raw(location, "UPDATE deployments SET outcome = 'failed' WHERE id = ?", pending.id)).rejects.toThrow(/append-only/);
    await expect(backend.raw(location, 'DELETE FROM deployments WHERE id = ?', pending.id)).rejects.toThrow(/append-only/);
    await expect(backend.raw(location, 'DELETE FROM deployments')).rejects.toThrow(/append-only/);
    await expect(backend.raw(location, "UPDATE artifacts SET json = '{}'")).rejects.toThrow(/content-addressed/);

    const after = await backend.open(location, { readonly: true });
    expect((await after.history('prod')).map((row) => row.outcome)).toEqual(['pending', 'succeeded']);
    expect(await after.artifact(pending.artifactHash)).toBe('{"node":"refunds"}');
    expect(await after.verify()).toEqual([]);
    expect(await after.integrityProblems()).toEqual([]);
    await after.close();
  });

  it('a read-only open never writes', async () => {
    const location = await backend.fresh();
    await (await backend.open(location)).close();
    const reader = await backend.open(location, { readonly: true });
    await expect(reader.recordPending(newDeployment('prod', 'refunds'))).rejects.toThrow(/read-only/);
    await reader.close();
  });

  describe('verify', () => {
    it('finds nothing wrong with an untouched ledger', async () => {
      const { location, rows } = await ledgerWithHistory();
      expect(rows.prod?.[0]?.prevHash).toBe('');
      expect(rows.prod?.[1]?.prevHash).toBe(rows.prod?.[0]?.rowHash);
      expect(await verify(location)).toEqual([]);
    });

    it('names the env and the row that was edited', async () => {
      const { location, rows } = await ledgerWithHistory();
      const edited = id(rows, 'prod', 3);
      await backend.tamper(location, "UPDATE deployments SET outcome = 'failed', message = 'quietly rewritten' WHERE id = ?", edited);
      expect(await verify(location)).toEqual([{ env: 'prod', id: edited, reason: expect.stringMatching(/edited/) }]);
    });

    it('names the row after a deleted one', async () => {
      const { location, rows } = await ledgerWithHistory();
      await backend.tamper(location, 'DELETE FROM deployments WHERE id = ?', id(rows, 'staging', 2));
      expect(await verify(location)).toEqual([{ env: 'staging', id: id(rows, 'staging', 3), reason: expect.stringMatching(/deleted/) }]);
    });

    it('notices when the first rows of an env are gone', async () => {
      const { location, rows } = await ledgerWithHistory();
      await backend.tamper(location, 'DELETE FROM deployments WHERE id IN (?, ?)', id(rows, 'prod', 0), id(rows, 'prod', 1));
      expect(await verify(location)).toEqual([{ env: 'prod', id: id(rows, 'prod', 2), reason: expect.stringMatching(/first row/) }]);
    });

    it('refuses to append after the newest row of the env was edited (ledger-damaged), and other envs still append', async () => {
      const { location, rows } = await ledgerWithHistory();
      await backend.tamper(location, "UPDATE deployments SET message = 'quietly rewritten' WHERE id = ?", id(rows, 'prod', 5));
      const ledger = await backend.open(location);
      await expect(ledger.assertAppendable('prod')).rejects.toMatchObject({ code: 'ledger-damaged', exitCode: 2 });
      await expect(ledger.assertAppendable('staging')).resolves.toBeUndefined();
      await ledger.close();
    });
  });

  describe('env locks', () => {
    it('holds the lock while the work runs and releases it after, even when the work throws', async () => {
      const ledger = await fresh();
      const seen = await ledger.withEnvLock('prod', async () => ledger.lockHolder('prod'));
      expect(seen).toMatchObject({ pid: process.pid, host: HOST });
      expect(await ledger.lockHolder('prod')).toBeUndefined();
      await expect(ledger.withEnvLock('prod', async () => Promise.reject(new Error('publish.sh exited with 1')))).rejects.toThrow('publish.sh');
      expect(await ledger.lockHolder('prod')).toBeUndefined();
      await ledger.close();
    });

    it('makes a second deploy to the same env wait, then gives up with env-locked naming the holder', async () => {
      const location = await backend.fresh();
      const first = await backend.open(location);
      const second = await backend.open(location);
      let release!: () => void;
      let holding!: () => void;
      const taken = new Promise<void>((resolve) => (holding = resolve));
      const held = first.withEnvLock('prod', () => {
        holding();
        return new Promise<void>((resolve) => (release = resolve));
      });
      await taken;
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
      await first.close();
      await second.close();
    });
  });
});
