import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import type { JournalEntry } from '../../src/core/journal.js';
import { CA_BIN, runCli } from '../helpers/run-cli.js';
import { unrulyDesk } from './support/unruly-desk.js';
import { until } from '../helpers/until.js';

const ORDER = '{"order":"ORD-1042","amountCents":4900}';

async function stepsOf(desk: string): Promise<JournalEntry[]> {
  const trace = await runCli(['trace', 'last', '-p', desk, '--json']);
  return JSON.parse(trace.stdout).steps as JournalEntry[];
}

describe('the journal: every step of a run, written as it starts and as it ends', () => {
  it('records each step with its key, effect, attempts, exact output and the idempotency key the tool saw', async () => {
    const desk = unrulyDesk();
    const log = path.join(desk, 'checkout.log');
    const result = await runCli(['run', 'checkout', '-p', desk, '--input', ORDER], { env: { CHECKOUT_LOG: log } });
    expect(result.exitCode).toBe(0);
    const [root, ...steps] = await stepsOf(desk);
    // The run itself comes first, with its exact input and output: what a replay starts from and compares with.
    expect(root).toMatchObject({ key: 'checkout', kind: 'flow', status: 'succeeded', input: { order: 'ORD-1042', amountCents: 4900 }, output: { order: 'ORD-1042', charge: 'ch_ORD-1042' } });
    expect(steps.map((s) => [s.key, s.kind, s.status, s.effect, s.attempts])).toEqual([
      ['checkout/charge_card#1', 'tool', 'succeeded', 'write', 1],
      ['checkout/send_receipt#1', 'tool', 'succeeded', 'write', 1],
    ]);
    // The exact output, as the one JSON conversion makes it (a Date is its ISO text), not the trace's copy.
    expect(steps[0]!.output).toEqual({ charge: 'ch_ORD-1042', amountCents: 4900, chargedAt: '2026-12-07T00:00:00.000Z' });
    const lines = readFileSync(log, 'utf8');
    expect(lines).toContain(`charged ORD-1042 4900 ${steps[0]!.idempotencyKey}`);
    expect(lines).toContain(`sending receipt ORD-1042 ch_ORD-1042 ${steps[1]!.idempotencyKey}`);

    const table = await runCli(['trace', 'last', '--steps', '-p', desk]);
    expect(table.stdout).toMatch(/^checkout\/charge_card#1\s+tool\s+succeeded\s+1\s+write\s+[0-9a-f]{12}\s+\d+ms$/m);
  });

  it('a run killed mid-step keeps its completed steps and shows which one was in flight', async () => {
    const desk = unrulyDesk();
    const log = path.join(desk, 'checkout.log');
    const child = execa('node', [CA_BIN, 'run', 'checkout', '-p', desk, '--input', ORDER], {
      reject: false,
      env: { NO_COLOR: '1', CHECKOUT_LOG: log, CHECKOUT_RELEASE: path.join(desk, 'relay-up') },
    });
    await until(() => existsSync(log) && readFileSync(log, 'utf8').includes('sending receipt'), 'send_receipt to start');
    child.kill('SIGKILL');
    await child;
    const steps = await stepsOf(desk);
    expect(steps.map((s) => [s.key, s.status])).toEqual([
      ['checkout', 'started'],
      ['checkout/charge_card#1', 'succeeded'],
      ['checkout/send_receipt#1', 'started'],
    ]);
    expect(steps[1]!.output).toMatchObject({ charge: 'ch_ORD-1042' });
    const runs = JSON.parse((await runCli(['runs', '-p', desk, '--json'])).stdout).runs;
    expect(runs[0]).toMatchObject({ name: 'checkout', status: 'interrupted' });
    const table = await runCli(['trace', 'last', '--steps', '-p', desk]);
    expect(table.stdout).toMatch(/^checkout\/send_receipt#1\s+tool\s+started, not finished\s+1\s+write/m);
  });

  it('a journal entry that does not parse is one line and exit 2 for trace and replay, and nothing is deleted', async () => {
    const desk = unrulyDesk();
    expect((await runCli(['run', 'checkout', '-p', desk, '--input', ORDER])).exitCode).toBe(0);
    const db = new Database(path.join(desk, '.ca', 'runs.db'));
    db.prepare("UPDATE steps SET output = '{not json' WHERE key = 'checkout/charge_card#1'").run();
    db.close();
    for (const args of [['trace', 'last', '--steps'], ['replay', 'last']]) {
      const result = await runCli([...args, '-p', desk]);
      expect(result.exitCode).toBe(2);
      const lines = result.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/the journal entry checkout\/charge_card#1 of run r_[0-9a-z]+ in .*runs\.db does not parse \(its output: .*\) \(the file was changed outside ca; nothing was deleted/);
    }
    const still = new Database(path.join(desk, '.ca', 'runs.db'), { readonly: true });
    expect(still.prepare('SELECT COUNT(*) AS n FROM steps').get()).toEqual({ n: 3 });
    still.close();
  });
});
