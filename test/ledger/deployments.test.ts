import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Ledger } from '../../src/ledger/ledger.js';
import { openLedger } from '../../src/ledger/open-ledger.js';
import { tempDir } from '../helpers/temp-project.js';
import { newDeployment } from './support/new-deployment.js';

function freshLedger(): Ledger {
  return openLedger(path.join(tempDir(), '.ca', 'ledger.db'));
}

/** pending then an outcome, like one deploy of one node. */
function deploy(ledger: Ledger, env: string, node: string, revision: number, outcome: 'succeeded' | 'failed' = 'succeeded') {
  const pending = ledger.recordPending(newDeployment(env, node, revision));
  return ledger.recordOutcome(pending, outcome, outcome === 'failed' ? 'publish.sh exited with 1' : undefined);
}

describe('pending and outcome rows', () => {
  it('numbers versions per env and node from 1, each env on its own', () => {
    const ledger = freshLedger();
    expect(deploy(ledger, 'prod', 'refunds', 1).version).toBe(1);
    expect(deploy(ledger, 'prod', 'refunds', 2).version).toBe(2);
    expect(deploy(ledger, 'prod', 'tickets', 1).version).toBe(1);
    expect(deploy(ledger, 'staging', 'refunds', 3).version).toBe(1);
    expect(deploy(ledger, 'prod', 'refunds', 3, 'failed').version).toBe(3);
    // A failed or interrupted version is spent: the next deploy gets a new one.
    expect(ledger.recordPending(newDeployment('prod', 'refunds', 4)).version).toBe(4);
    expect(ledger.recordPending(newDeployment('prod', 'refunds', 5)).version).toBe(5);
    ledger.close();
  });

  it('writes who and when on the pending row and copies it into the outcome row', () => {
    const ledger = freshLedger();
    const entry = newDeployment('prod', 'refunds', 1, { gitDirty: true, gitCommit: null });
    const pending = ledger.recordPending(entry);
    expect(pending).toMatchObject({ ...entry, version: 1, outcome: 'pending', message: null, pid: process.pid, prevHash: '' });
    expect(new Date(pending.time).toISOString()).toBe(pending.time);
    expect(pending.host.length).toBeGreaterThan(0);
    const failed = ledger.recordOutcome(pending, 'failed', 'publish.sh exited with 1');
    expect(failed).toMatchObject({ ...entry, version: 1, outcome: 'failed', message: 'publish.sh exited with 1', prevHash: pending.rowHash });
    expect(failed.id).toBeGreaterThan(pending.id);
    expect(ledger.history('prod')).toEqual([pending, failed]);
    ledger.close();
  });

  it('refuses a second outcome for one version, or an outcome for a row that is not pending', () => {
    const ledger = freshLedger();
    const pending = ledger.recordPending(newDeployment('prod', 'refunds'));
    const succeeded = ledger.recordOutcome(pending, 'succeeded');
    expect(() => ledger.recordOutcome(pending, 'failed')).toThrow(/already has an outcome/);
    expect(() => ledger.recordOutcome(succeeded, 'failed')).toThrow(/not the pending row/);
    expect(ledger.history('prod')).toHaveLength(2);
    ledger.close();
  });
});

describe('reading the ledger', () => {
  it('answers latest, latest succeeded, one version, history and envs', () => {
    const ledger = freshLedger();
    const refundsV1 = deploy(ledger, 'prod', 'refunds', 1);
    const refundsV2 = deploy(ledger, 'prod', 'refunds', 2);
    const refundsV3 = deploy(ledger, 'prod', 'refunds', 3, 'failed');
    const ticketsV1 = deploy(ledger, 'prod', 'tickets', 1);
    const ticketsV2 = ledger.recordPending(newDeployment('prod', 'tickets', 2));
    const stagingV1 = deploy(ledger, 'staging', 'refunds', 9);

    expect(ledger.latest('prod')).toEqual([refundsV3, ticketsV2]);
    expect(ledger.latestSucceeded('prod')).toEqual([refundsV2, ticketsV1]);
    expect(ledger.latestSucceeded('staging')).toEqual([stagingV1]);
    expect(ledger.latest('qa')).toEqual([]);

    expect(ledger.version('prod', 'refunds', 1)).toEqual(refundsV1);
    expect(ledger.version('prod', 'refunds', 3)).toBeUndefined();
    expect(ledger.version('prod', 'tickets', 2)).toBeUndefined();
    expect(ledger.version('staging', 'refunds', 2)).toBeUndefined();

    const prod = ledger.history('prod');
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
    expect(ledger.history('prod', 'tickets').map((row) => row.id)).toEqual(prod.filter((row) => row.node === 'tickets').map((row) => row.id));
    expect(ledger.history('prod', 'invoices')).toEqual([]);
    expect(ledger.envs()).toEqual(['prod', 'staging']);
    ledger.close();
  });

  it('reads what another connection wrote, JSON and flags included', () => {
    const file = path.join(tempDir(), 'ledger.db');
    const writer = openLedger(file);
    const entry = newDeployment('prod', 'refunds', 1, { upstream: { lookup_order: 'a1', issue_refund: 'b2' }, gitDirty: true });
    const written = writer.recordOutcome(writer.recordPending(entry), 'succeeded');
    const reader = openLedger(file, { readonly: true });
    const [read] = reader.latestSucceeded('prod');
    expect(read).toEqual(written);
    expect(read?.gitDirty).toBe(true);
    expect(read?.upstream).toEqual({ lookup_order: 'a1', issue_refund: 'b2' });
    reader.close();
    writer.close();
  });
});

describe('artifacts', () => {
  it('keeps the first JSON stored under a hash', () => {
    const ledger = freshLedger();
    ledger.storeArtifact('9c1e', '{"node":"refunds"}');
    ledger.storeArtifact('9c1e', '{"node":"something else"}');
    expect(ledger.artifact('9c1e')).toBe('{"node":"refunds"}');
    expect(ledger.artifact('0000')).toBeUndefined();
    ledger.close();
  });
});
