import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openLedger } from '../../src/ledger/open-ledger.js';
import { tempDir } from '../helpers/temp-project.js';
import { newDeployment } from './support/new-deployment.js';

describe('the deployments table is append-only in the file itself', () => {
  it('refuses an UPDATE or DELETE from any SQLite client', () => {
    const file = path.join(tempDir(), 'ledger.db');
    const ledger = openLedger(file);
    const pending = ledger.recordPending(newDeployment('prod', 'refunds'));
    ledger.recordOutcome(pending, 'succeeded');
    ledger.storeArtifact(pending.artifactHash, '{"node":"refunds"}');
    ledger.close();

    const db = new Database(file);
    expect(() => db.prepare("UPDATE deployments SET outcome = 'failed' WHERE id = ?").run(pending.id)).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM deployments WHERE id = ?').run(pending.id)).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM deployments').run()).toThrow(/append-only/);
    expect(() => db.prepare("UPDATE artifacts SET json = '{}'").run()).toThrow(/content-addressed/);
    db.close();

    const after = openLedger(file, { readonly: true });
    expect(after.history('prod').map((row) => row.outcome)).toEqual(['pending', 'succeeded']);
    expect(after.artifact(pending.artifactHash)).toBe('{"node":"refunds"}');
    expect(after.verify()).toEqual([]);
    after.close();
  });
});
