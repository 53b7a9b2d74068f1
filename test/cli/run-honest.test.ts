import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunEndedEvent, SpanEndedEvent, SpanStartedEvent } from '../../src/core/trace.js';
import { runCli } from '../helpers/run-cli.js';
import { ndjson, unrulyDesk } from './support/unruly-desk.js';

/** What the desk's export_invoice flow returns (fixtures/runtime/unruly-desk/src/flows.ts). */
function nested(depth: number): unknown {
  return depth === 0 ? 'ledger entry' : { depth, entry: nested(depth - 1) };
}
const INVOICE = {
  invoice: 'INV-2024-031',
  notes: 'Paid in full. '.repeat(215),
  lines: Array.from({ length: 60 }, (_, i) => ({ sku: `SKU-${i + 1}`, cents: 100 * (i + 1) })),
  token: 'portal-token-7f3a',
  history: nested(10),
};

describe('ca run prints exactly what the flow returned', () => {
  it('a 3,010-character string, 60 items, a field named token and 10 levels of nesting come out whole', async () => {
    const desk = unrulyDesk();
    const plain = await runCli(['run', 'export_invoice', '-p', desk]);
    expect(plain.exitCode).toBe(0);
    expect(JSON.parse(plain.stdout)).toEqual(INVOICE);

    const json = await runCli(['run', 'export_invoice', '-p', desk, '--json']);
    expect(json.exitCode).toBe(0);
    const ended = ndjson(json.stdout).at(-1) as RunEndedEvent;
    expect(ended).toMatchObject({ type: 'run.ended', status: 'succeeded' });
    expect(ended.output).toEqual(INVOICE);

    // Only the trace and the store keep the bounded, redacted copy, and they say where it was cut.
    const trace = await runCli(['trace', 'last', '-p', desk, '--json']);
    const stored = (JSON.parse(trace.stdout).events as RunEndedEvent[]).at(-1)!.output as Record<string, any>;
    expect(stored['notes']).toMatch(/… 1,010 more characters$/);
    expect(stored['lines']).toHaveLength(51);
    expect(stored['lines'][50]).toBe('… 10 more items');
    expect(stored['token']).toBe('[redacted]');
    expect(JSON.stringify(stored['history'])).toContain('[object of 2 keys]');
  });
});

describe('project code cannot end or pollute the process', () => {
  it('a tool calling process.exit(0) fails the run (exit 1), even when the flow swallows the error', async () => {
    const desk = unrulyDesk();
    const result = await runCli(['run', 'sync_ledger', '-p', desk]);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('failed at sync_ledger › legacy_sync: tool legacy_sync called process.exit(0)');
    const runs = JSON.parse((await runCli(['runs', '-p', desk, '--json'])).stdout).runs;
    expect(runs[0]).toMatchObject({ name: 'sync_ledger', status: 'failed', error: { code: 'process-exit' } });
  });

  it('a tool whose promise never settles fails the run naming the step, instead of exit 13 and silence', async () => {
    const desk = unrulyDesk();
    const result = await runCli(['run', 'await_payment', '-p', desk]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('failed at await_payment › wait_for_webhook: tool wait_for_webhook never settled');
    const runs = JSON.parse((await runCli(['runs', '-p', desk, '--json'])).stdout).runs;
    expect(runs[0]).toMatchObject({ name: 'await_payment', status: 'failed', error: { code: 'never-settled' } });
  });

  it('console.log in a tool goes to stderr: --json stdout stays one event per line', async () => {
    const desk = unrulyDesk();
    const result = await runCli(['run', 'lookup_order', '-p', desk, '--input', '"ORD-1"', '--json']);
    expect(result.exitCode).toBe(0);
    const events = ndjson(result.stdout);
    expect(events.at(-1)).toMatchObject({ type: 'run.ended', output: { order: 'ORD-1', status: 'shipped' } });
    expect(result.stderr).toContain('looking up ORD-1');
    expect(result.stderr).toContain('cache miss');
  });

  it('ca test reports a quitting and a stuck script and still runs the next one', async () => {
    const desk = unrulyDesk();
    const result = await runCli(['test', '-p', desk, '-s', 'billing_desk', '--format', 'json']);
    expect(result.exitCode).toBe(1);
    const scripts = JSON.parse(result.stdout).scripts as { script: string; passed: boolean; turns: { error?: { code: string } }[] }[];
    expect(scripts.map((s) => [path.basename(s.script), s.passed])).toEqual([
      ['billing_desk.a-sync.chat.yaml', false],
      ['billing_desk.b-wait.chat.yaml', false],
      ['billing_desk.c-hello.chat.yaml', true],
    ]);
    expect(scripts[0]!.turns[0]!.error?.code).toBe('process-exit');
    expect(scripts[1]!.turns[0]!.error?.code).toBe('never-settled');
    expect(result.stderr).toContain('billing desk debug line');
  });

  it('piped ca chat reports the stuck turn and answers the lines after it', async () => {
    const desk = unrulyDesk();
    const result = await runCli(['chat', 'billing_desk', '-p', desk], { input: 'hello\nwait\nsync\nstill there?\n' });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toBe('handled 1: hello\nhandled 2: still there?\n');
    expect(result.stderr).toContain('tool wait_for_webhook never settled');
    expect(result.stderr).toContain('tool legacy_sync called process.exit(0)');
  });
});

describe('configuration problems are found before a run starts', () => {
  it('openai-compatible: without OPENAI_COMPATIBLE_BASE_URL is exit 2 and no run is recorded', async () => {
    const desk = unrulyDesk();
    const result = await runCli(['run', 'gateway_digest', '-p', desk, '--input', '"T-1"'], { env: { OPENAI_COMPATIBLE_BASE_URL: '' } });
    expect(result.exitCode).toBe(2);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('OPENAI_COMPATIBLE_BASE_URL is not set: reasoner gateway_summary uses model openai-compatible:llama3');
    expect(existsSync(path.join(desk, '.ca', 'runs.db'))).toBe(false);
  });
});

export type { SpanEndedEvent, SpanStartedEvent };
