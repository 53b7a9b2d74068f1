// The approval inbox end to end (SPEC §14): runs parked by the real `ca run --approve park`, listed
// by `ca approvals`.
import { cpSync, existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApprovalsResult } from '../../src/core/results.js';
import { runCli } from '../helpers/run-cli.js';
import { FIXTURES, REPO_ROOT } from '../helpers/temp-project.js';

describe('ca approvals', () => {
  let desk: string;
  /** Run ids by what they were started on: INV-1, T-2, G-3 … */
  const runs: Record<string, string> = {};
  // The desk's code notes in this file when it is imported: only `ca run` may import it.
  let imported: string;
  const ca = (args: string[], env: Record<string, string> = {}) => runCli([...args, '-p', desk], { env: { ...env, CA_INBOX_IMPORTED: imported } });

  /** The approval steps of the journal, read from the SQLite file as it is. */
  const approvalSteps = (): Record<string, { status: string; output: { approved: boolean; by: string; at: string; note?: string } | null }> => {
    const db = new Database(path.join(desk, '.ca', 'runs.db'), { readonly: true });
    try {
      const rows = db.prepare("SELECT run_id, status, output FROM steps WHERE kind = 'approval'").all() as { run_id: string; status: string; output: string | null }[];
      return Object.fromEntries(rows.map((row) => [row.run_id, { status: row.status, output: row.output === null ? null : JSON.parse(row.output) }]));
    } finally {
      db.close();
    }
  };
  const writeRuns = (sql: string, ...params: string[]) => {
    const db = new Database(path.join(desk, '.ca', 'runs.db'));
    try {
      db.prepare(sql).run(...params);
    } finally {
      db.close();
    }
  };

  beforeAll(async () => {
    // One desk for the file (the helpers' temp folders are removed after each test).
    desk = mkdtempSync(path.join(os.tmpdir(), 'ca-approval-inbox-'));
    cpSync(path.join(FIXTURES, 'runtime', 'approval-inbox'), desk, { recursive: true });
    symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(desk, 'node_modules'), 'dir');
    imported = path.join(desk, 'imported.log');
    const park = async (label: string, name: string, input: object) => {
      const parked = await runCli(['run', name, '--input', JSON.stringify(input), '--approve', 'park', '-p', desk]);
      expect(parked.exitCode, parked.stderr).toBe(4);
      runs[label] = parked.stderr.match(/run (r_[0-9a-z]+) · ca trace/)![1]!;
    };
    // Side by side (the store takes concurrent writers): an earlier credit that went through, what
    // the inbox reads costs from, and the runs that park.
    const earlier = runCli(['run', 'credit_invoice', '--input', '{"invoice":"INV-0","cents":900}', '--approve', 'all', '-p', desk], { env: { CA_INBOX_IMPORTED: `${imported}.control` } });
    await Promise.all([
      park('INV-1', 'credit_invoice', { invoice: 'INV-1', cents: 1200 }),
      park('INV-3', 'write_off', { invoice: 'INV-3' }),
      park('T-1', 'escalate_ticket', { ticket: 'T-1' }),
      park('T-2', 'escalate_ticket', { ticket: 'T-2' }),
      park('G-1', 'goodwill_credit', { ticket: 'G-1', invoice: 'INV-7' }),
      park('G-2', 'goodwill_credit', { ticket: 'G-2', invoice: 'INV-8' }),
      park('G-3', 'goodwill_credit', { ticket: 'G-3', invoice: 'INV-9' }),
      earlier.then((done) => expect(done.exitCode, done.stderr).toBe(0)),
    ]);
  });

  afterAll(() => rmSync(desk, { recursive: true, force: true }));

  it('ca approvals -s tag:billing lists exactly the billing approvals, with what runs after each and its earlier cost', async () => {
    const table = await ca(['approvals', '-s', 'tag:billing']);
    expect(table.exitCode, table.stderr).toBe(0);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^run\s+node\s+approval\s+prompt\s+waiting\s+then runs\s+cost$/);
    expect(lines.slice(1).map((line) => line.split(/\s+/)[0]).sort()).toEqual([runs['INV-1'], runs['INV-3']].sort());
    expect(table.stdout).toMatch(new RegExp(`${runs['INV-1']}\\s+credit_invoice\\s+credit_invoice/approve#1\\s+credit 1200 cents on INV-1\\s+\\S+\\s+issue_credit, credit_note \\$0\\.\\d+\\s+\\$0\\.\\d+\\n`));
    expect(table.stdout).toMatch(new RegExp(`${runs['INV-3']}\\s+write_off\\s+write_off/approve#1\\s+write off 42000 cents on INV-3\\s+\\S+\\s+close_invoice\\s+no earlier run\\n`));
    expect(table.stderr).toMatch(/^cost: .*last 5 succeeded runs of the same node\n$/);

    const json = await ca(['approvals', '-s', 'tag:billing', '--json']);
    const listed = JSON.parse(json.stdout) as ApprovalsResult;
    expect(listed.approvals.map((approval) => approval.runId).sort()).toEqual([runs['INV-1'], runs['INV-3']].sort());
    // Oldest first: the one that has waited longest leads.
    expect(listed.approvals[0]!.since).toBeLessThanOrEqual(listed.approvals[1]!.since);
    const credit = listed.approvals.find((approval) => approval.name === 'credit_invoice');
    const writeOff = listed.approvals.find((approval) => approval.name === 'write_off');
    expect(credit).toEqual({
      runId: runs['INV-1'],
      name: 'credit_invoice',
      step: 'credit_invoice/approve#1',
      prompt: 'credit 1200 cents on INV-1',
      since: expect.any(Number),
      ageMs: expect.any(Number),
      // lookup_invoice ran before the approval: only what comes after it is listed.
      next: [
        { name: 'issue_credit', kind: 'tool', ranIn: 1, costUsd: 0 },
        { name: 'credit_note', kind: 'reasoner', ranIn: 1, costUsd: expect.any(Number) },
      ],
      inCode: true,
      earlierRuns: 1,
      costUsd: credit!.next[1]!.costUsd,
    });
    expect(credit!.costUsd).toBeGreaterThan(0);
    expect(writeOff).toMatchObject({ name: 'write_off', next: [{ name: 'close_invoice', kind: 'tool', ranIn: 0, costUsd: null }], earlierRuns: 0, costUsd: null });
    expect(listed).toMatchObject({ path: path.join(desk, '.ca', 'runs.db'), costSample: 5, diagnostics: [], warnings: [] });

    // --env keeps the runs of that worker env (set here as a worker's enqueue would have).
    writeRuns('UPDATE runs SET env = ? WHERE id = ?', 'prod', runs['INV-1']!);
    const prod = await ca(['approvals', '--env', 'prod']);
    expect(prod.stdout).toMatch(new RegExp(`^run\\s+node\\s+env\\s+approval.*\\n${runs['INV-1']}\\s+credit_invoice\\s+prod\\s+credit_invoice/approve#1 .*\\n$`));
  });

  it('an unknown env is a usage error in one line', async () => {
    const unknownEnv = await ca(['approvals', '--env', 'staging']);
    expect(unknownEnv.exitCode).toBe(2);
    expect(unknownEnv.stderr).toMatch(/^error: unknown env 'staging' \(Envs in ca.yaml: prod\)/);
  });

  it('none of it imported the project’s code: ca approvals reads the definitions and the run store only', () => {
    expect(existsSync(imported)).toBe(false);
    // (control) ca run, which does import it, left its note.
    expect(existsSync(`${imported}.control`)).toBe(true);
  });
});
