// The approval inbox end to end (SPEC §14): runs parked by the real `ca run --approve park`, listed
// by `ca approvals`, decided by `ca approve -s` (racing processes, a terminal, runs that moved on).
import { cpSync, existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApprovalsResult, BulkApproveResult } from '../../src/core/results.js';
import { HAS_SCRIPT, onPseudoTerminal } from '../helpers/pseudo-terminal.js';
import { CA_BIN, runCli } from '../helpers/run-cli.js';
import { FIXTURES, REPO_ROOT } from '../helpers/temp-project.js';

describe('ca approvals and ca approve -s', () => {
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

    // --env keeps the runs of that worker env, shown with the release they are pinned to (set here as `ca run --env E --queue` would).
    writeRuns('UPDATE runs SET env = ?, release = ? WHERE id = ?', 'prod', '41c2e0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d', runs['INV-1']!);
    const prod = await ca(['approvals', '--env', 'prod']);
    expect(prod.stdout).toMatch(new RegExp(`^run\\s+node\\s+env\\s+approval.*\\n${runs['INV-1']}\\s+credit_invoice\\s+prod 41c2e0a1b2c3\\s+credit_invoice/approve#1 .*\\n$`));
  });

  it('refuses in one line and decides nothing: no terminal and no --yes, a run and a selection, no note, an unknown env; a selection of nothing is a note', async () => {
    const [untold, both, unnoted, unknownEnv, nothing] = await Promise.all([
      ca(['approve', '-s', 'tag:billing', '-m', 'looks fine']),
      ca(['approve', runs['INV-1']!, '-s', 'tag:billing']),
      ca(['approve', '-s', 'tag:billing', '--yes']),
      ca(['approvals', '--env', 'staging']),
      ca(['approve', '-s', 'tag:marketing', '-m', 'campaign refunds', '--yes']),
    ]);
    expect(untold.exitCode).toBe(2);
    expect(untold.stderr).toMatch(/^error: 2 approvals to approve and no terminal to confirm on: nothing was decided \(Pass --yes to decide them without asking/m);
    // The list it would have decided is still shown.
    expect(untold.stdout.trimEnd().split('\n')).toHaveLength(3);
    expect(both.exitCode).toBe(2);
    expect(both.stderr).toMatch(/^error: a run \(r_[0-9a-z]+\) and a selection together/);
    expect(unnoted.exitCode).toBe(2);
    expect(unnoted.stderr).toMatch(/^error: a decision in bulk needs a note saying why: -m NOTE/);
    expect(unknownEnv.exitCode).toBe(2);
    expect(unknownEnv.stderr).toMatch(/^error: unknown env 'staging' \(Envs in ca.yaml: prod\)/);
    expect(nothing.exitCode).toBe(0);
    expect(nothing.stdout).toBe('');
    expect(nothing.stderr).toBe("warning: the selection criterion 'tag:marketing' does not match any node\nno run waits on an approval among the selected nodes (park one with ca run NAME --approve park): nothing to decide\n");
    expect(Object.values(approvalSteps()).filter((step) => step.status === 'succeeded')).toHaveLength(1);
  });

  it('a bulk approve decides each selected approval once, journaled with actor, time and note', async () => {
    const before = Date.now();
    const bulk = await ca(['approve', '-s', 'tag:billing', '-m', 'month-end credits, checked', '--yes', '--json'], { CA_ACTOR: 'dana' });
    expect(bulk.exitCode, bulk.stderr).toBe(0);
    const result = JSON.parse(bulk.stdout) as BulkApproveResult;
    expect(result).toMatchObject({ approved: true, decided: 2, skipped: 0, warnings: [] });
    expect(result.decisions.map((decision) => `${decision.outcome} ${decision.runId}`).sort()).toEqual([`approved ${runs['INV-1']}`, `approved ${runs['INV-3']}`].sort());
    expect(result.decisions.find((decision) => decision.runId === runs['INV-1'])).toEqual({
      outcome: 'approved',
      runId: runs['INV-1'],
      name: 'credit_invoice',
      step: 'credit_invoice/approve#1',
      prompt: 'credit 1200 cents on INV-1',
      approved: true,
      by: 'dana',
      at: expect.any(String),
      note: 'month-end credits, checked',
      next: `ca run --resume ${runs['INV-1']}`,
    });
    const steps = approvalSteps();
    for (const label of ['INV-1', 'INV-3']) {
      const step = steps[runs[label]!]!;
      expect(step).toMatchObject({ status: 'succeeded', output: { approved: true, by: 'dana', note: 'month-end credits, checked' } });
      expect(Date.parse(step.output!.at)).toBeGreaterThanOrEqual(before - 1000);
    }
    // Nothing else was touched, and the billing inbox is empty now: a note, exit 0.
    expect(steps[runs['T-1']!]!.status).toBe('started');
    const empty = await ca(['approvals', '-s', 'tag:billing']);
    expect([empty.exitCode, empty.stdout, empty.stderr]).toEqual([0, '', 'no run waits on an approval among the selected nodes (park one with ca run NAME --approve park)\n']);
  });

  it('two bulk approves racing on the same approvals from two processes decide each one exactly once between them', async () => {
    const racer = (actor: string) =>
      execa('node', [CA_BIN, 'approve', '-s', 'escalate_ticket', '-m', `paged by ${actor}`, '--yes', '--json', '-p', desk], { env: { NO_COLOR: '1', CA_ACTOR: actor, CA_INBOX_IMPORTED: imported }, reject: false });
    const [ana, ben] = await Promise.all([racer('ana'), racer('ben')]);
    const results = { ana: JSON.parse(String(ana.stdout)) as BulkApproveResult, ben: JSON.parse(String(ben.stdout)) as BulkApproveResult };
    const steps = approvalSteps();
    const decisionOf = (actor: 'ana' | 'ben', runId: string) => results[actor].decisions.find((decision) => decision.runId === runId);
    for (const label of ['T-1', 'T-2']) {
      const runId = runs[label]!;
      const winners = (['ana', 'ben'] as const).filter((actor) => decisionOf(actor, runId)?.outcome === 'approved');
      expect(winners, `${label}: one process decided it`).toHaveLength(1);
      const winner = winners[0]!;
      // The other one skipped it, saying who answered; or had not even listed it, decided before it looked.
      const loser = decisionOf(winner === 'ana' ? 'ben' : 'ana', runId);
      if (loser) expect(loser).toEqual({ outcome: 'skipped', runId, name: 'escalate_ticket', step: 'escalate_ticket/approve#1', prompt: `page the on-call engineer about ${label}`, reason: `approved by ${winner} meanwhile (paged by ${winner})` });
      // The journal holds the winner's decision: the loser wrote nothing over it.
      expect(steps[runId]).toMatchObject({ status: 'succeeded', output: { approved: true, by: winner, note: `paged by ${winner}` } });
    }
    expect(results.ana.decided + results.ben.decided).toBe(2);
    // Exit 1 for a process that had to skip any, 0 for one that decided all it listed.
    expect(ana.exitCode).toBe(results.ana.skipped > 0 ? 1 : 0);
    expect(ben.exitCode).toBe(results.ben.skipped > 0 ? 1 : 0);
  });

  it.skipIf(!HAS_SCRIPT)('on a terminal it lists and asks; an approval answered meanwhile and a run cancelled meanwhile are skipped, and the rest decided', async () => {
    const [script, ...args] = onPseudoTerminal([process.execPath, CA_BIN, 'approve', '-s', 'goodwill_credit', '--deny', '-m', 'no goodwill this quarter', '-p', desk]);
    const child = execa(script, args, { env: { NO_COLOR: '1', CA_ACTOR: 'lee', CA_INBOX_IMPORTED: imported }, reject: false });
    let screen = '';
    const asked = new Promise<void>((resolve) => {
      child.stdout!.on('data', (chunk: Buffer) => {
        screen += chunk.toString();
        if (screen.includes('[y/N]')) resolve();
      });
    });
    await asked;
    // While the question is open: sam answers G-1 first, and G-2's run is cancelled.
    const sam = await ca(['approve', runs['G-1']!, '-m', 'loyal customer'], { CA_ACTOR: 'sam' });
    expect(sam.exitCode, sam.stderr).toBe(0);
    writeRuns("UPDATE runs SET status = 'cancelled' WHERE id = ?", runs['G-2']!);
    child.stdin!.write('y\r');
    const result = await child;
    // eslint-disable-next-line no-control-regex
    const text = screen.replace(/\u001B\[[0-9;?]*[A-Za-z]/g, '').replace(/\r/g, '');
    expect(result.exitCode, text).toBe(1);
    expect(text).toMatch(/^run\s+node\s+approval\s+prompt\s+waiting\s+then runs\s+cost$/m);
    expect(text).toMatch(new RegExp(`^${runs['G-3']}\\s+goodwill_credit\\s+goodwill_credit/approve#1\\s+goodwill credit of 500 cents for G-3\\s+\\S+\\s+issue_credit\\s+no earlier run$`, 'm'));
    expect(text).toContain('Deny every approval listed above? [y/N] y');
    expect(text).toMatch(new RegExp(`^skipped\\s+${runs['G-1']}\\s+goodwill_credit/approve#1\\s+-\\s+approved by sam meanwhile \\(loyal customer\\)$`, 'm'));
    expect(text).toMatch(new RegExp(`^skipped\\s+${runs['G-2']}\\s+goodwill_credit/approve#1\\s+-\\s+the run was cancelled meanwhile$`, 'm'));
    expect(text).toMatch(new RegExp(`^denied\\s+${runs['G-3']}\\s+goodwill_credit/approve#1\\s+lee\\s+ca run --resume ${runs['G-3']}$`, 'm'));
    expect(text).toMatch(/^1 denied, 2 skipped$/m);
    const steps = approvalSteps();
    expect(steps[runs['G-1']!]!.output).toMatchObject({ approved: true, by: 'sam' });
    expect(steps[runs['G-2']!]!.status).toBe('started');
    expect(steps[runs['G-3']!]!.output).toMatchObject({ approved: false, by: 'lee', note: 'no goodwill this quarter' });
  });

  it('none of it imported the project’s code: ca approvals and ca approve read the definitions and the run store only', () => {
    expect(existsSync(imported)).toBe(false);
    // (control) ca run, which does import it, left its note.
    expect(existsSync(`${imported}.control`)).toBe(true);
  });
});
