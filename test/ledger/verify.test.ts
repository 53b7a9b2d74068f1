import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { DeploymentRecord } from '../../src/core/deployment.js';
import { openLedger } from '../../src/ledger/open-ledger.js';
import { tempDir } from '../helpers/temp-project.js';
import { newDeployment } from './support/new-deployment.js';

/** Two envs, three deploys each (six rows per env, interleaved ids). */
function ledgerWithHistory(): { file: string; rows: Record<string, DeploymentRecord[]> } {
  const file = path.join(tempDir(), 'ledger.db');
  const ledger = openLedger(file);
  for (let revision = 1; revision <= 3; revision++) {
    for (const env of ['staging', 'prod']) {
      const pending = ledger.recordPending(newDeployment(env, revision === 2 ? 'tickets' : 'refunds', revision));
      ledger.recordOutcome(pending, 'succeeded');
    }
  }
  const rows = { prod: ledger.history('prod'), staging: ledger.history('staging') };
  ledger.close();
  return { file, rows };
}

/** What someone with the sqlite3 shell can do: drop the guard, then change history. */
function tamper(file: string, sql: string, ...params: unknown[]): void {
  const db = new Database(file);
  db.exec('DROP TRIGGER deployments_append_only_update; DROP TRIGGER deployments_append_only_delete;');
  db.prepare(sql).run(...params);
  db.close();
}

function verify(file: string) {
  const ledger = openLedger(file, { readonly: true });
  try {
    return ledger.verify();
  } finally {
    ledger.close();
  }
}

function id(rows: Record<string, DeploymentRecord[]>, env: string, index: number): number {
  const row = rows[env]?.[index];
  if (!row) throw new Error(`no row ${index} in ${env}`);
  return row.id;
}

describe('ledger verify', () => {
  it('finds nothing wrong with an untouched ledger', () => {
    const { file, rows } = ledgerWithHistory();
    expect(rows.prod?.[0]?.prevHash).toBe('');
    expect(rows.prod?.[1]?.prevHash).toBe(rows.prod?.[0]?.rowHash);
    expect(verify(file)).toEqual([]);
  });

  it('names the env and the row that was edited', () => {
    const { file, rows } = ledgerWithHistory();
    const edited = id(rows, 'prod', 3);
    tamper(file, "UPDATE deployments SET outcome = 'failed', message = 'quietly rewritten' WHERE id = ?", edited);
    expect(verify(file)).toEqual([{ env: 'prod', id: edited, reason: expect.stringMatching(/edited/) }]);
  });

  it('names the row after a deleted one', () => {
    const { file, rows } = ledgerWithHistory();
    tamper(file, 'DELETE FROM deployments WHERE id = ?', id(rows, 'staging', 2));
    expect(verify(file)).toEqual([{ env: 'staging', id: id(rows, 'staging', 3), reason: expect.stringMatching(/deleted/) }]);
  });

  it('notices when the first rows of an env are gone', () => {
    const { file, rows } = ledgerWithHistory();
    tamper(file, 'DELETE FROM deployments WHERE id IN (?, ?)', id(rows, 'prod', 0), id(rows, 'prod', 1));
    expect(verify(file)).toEqual([{ env: 'prod', id: id(rows, 'prod', 2), reason: expect.stringMatching(/first row/) }]);
  });

  it('notices two rows swapped, even with their hashes carried along', () => {
    const { file, rows } = ledgerWithHistory();
    const [first, second] = [id(rows, 'prod', 2), id(rows, 'prod', 4)];
    const db = new Database(file);
    db.exec('DROP TRIGGER deployments_append_only_update;');
    // Move row `second` to a free id, `first` into its place, then `second` into `first`'s.
    const parking = 1_000_000;
    db.prepare('UPDATE deployments SET id = ? WHERE id = ?').run(parking, second);
    db.prepare('UPDATE deployments SET id = ? WHERE id = ?').run(second, first);
    db.prepare('UPDATE deployments SET id = ? WHERE id = ?').run(first, parking);
    db.close();
    expect(verify(file)).toEqual([{ env: 'prod', id: first, reason: expect.stringMatching(/reordered/) }]);
  });
});
