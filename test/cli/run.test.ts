import { existsSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import type { RunEndedEvent, TraceEvent } from '../../src/core/trace.js';
import { onPseudoTerminal } from '../helpers/pseudo-terminal.js';
import { CA_BIN, runCli } from '../helpers/run-cli.js';
import { REPO_ROOT, copyFixture, tempDir } from '../helpers/temp-project.js';

/** A copy of a fixture that can run: its imports (zod) resolve through the repo's node_modules. */
function runnableFixture(name: string): string {
  const dir = copyFixture(name);
  symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return dir;
}

/** No provider keys at all: every example must run from its mock file. */
const NO_KEYS = { OPENAI_API_KEY: '', ANTHROPIC_API_KEY: '' };

const events = (stdout: string): TraceEvent[] =>
  stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as TraceEvent);

describe('ca run on the support desk, offline with --mock', () => {
  const cases: Array<[string, string, (output: unknown) => void]> = [
    ['triage', '"T-1042"', (out) => expect(out).toMatchObject({ ticket: 'T-1042', category: 'billing', priority: 'p3' })],
    ['answer_question', '"How do I download an invoice?"', (out) => expect(out).toMatchObject({ citations: ['KB-12'], handoff: false })],
    ['refund_flow', '{"ticket":"T-1042","amount":49}', (out) => expect(out).toMatchObject({ status: 'refunded' })],
    ['concierge', '"I was charged twice"', (out) => expect(out).toMatch(/sent it to billing/)],
    ['billing_agent', '"What is on INV-2024-031?"', (out) => expect(out).toMatch(/49\.00 USD/)],
  ];

  it.each(cases)('runs %s with no API key', async (name, input, check) => {
    const project = runnableFixture('support-desk');
    const result = await runCli(['run', name, '-p', project, '--input', input, '--mock', path.join(project, 'mocks.yaml'), '--approve', 'all'], { env: NO_KEYS });
    expect(result.stderr).not.toMatch(/error/i);
    expect(result.exitCode).toBe(0);
    const output = result.stdout.trim().startsWith('{') ? JSON.parse(result.stdout) : result.stdout.trim();
    check(output);
    expect(result.stderr).toMatch(new RegExp(`✓ (flow|agent) ${name}`));
  });

  it('holds a refund when nobody can approve it (no TTY, no --approve all)', async () => {
    const project = runnableFixture('support-desk');
    const result = await runCli(['run', 'refund_flow', '-p', project, '--input', '{"ticket":"T-1042","amount":49}', '--mock', path.join(project, 'mocks.yaml')], { env: NO_KEYS });
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ status: 'held' });
    expect(result.stderr).toMatch(/! approval Refund \$49\.00 on INV-2024-031 to Ada Byron\?/);
  });

  it('names the missing key and suggests --mock, before the flow runs anything', async () => {
    const project = runnableFixture('support-desk');
    const result = await runCli(['run', 'triage', '-p', project, '--input', '"T-1042"'], { env: NO_KEYS });
    expect(result.exitCode).toBe(2);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/OPENAI_API_KEY/);
    expect(lines[0]).toMatch(/--mock/);
  });
});

describe('ca run input and failures', () => {
  it('reads the input from a file and from stdin', async () => {
    const project = runnableFixture('runtime/orders');
    writeFileSync(path.join(project, 'stock.json'), '{"sku":"SKU-F"}');
    const fromFile = await runCli(['run', 'restock_check', '-p', project, '--input', '@stock.json'], { cwd: project });
    expect(fromFile.exitCode).toBe(0);
    expect(JSON.parse(fromFile.stdout)).toMatchObject({ sku: 'SKU-F', onHand: 12 });
    const fromStdin = await runCli(['run', 'restock_check', '-p', project, '--input', '-'], { input: '{"sku":"SKU-S"}' });
    expect(JSON.parse(fromStdin.stdout)).toMatchObject({ sku: 'SKU-S' });
  });

  it('rejects bad JSON input with exit 2 and a hint about quoting', async () => {
    const result = await runCli(['run', 'restock_check', '-p', runnableFixture('runtime/orders'), '--input', 'SKU-1']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/the input from --input is not valid JSON/);
    expect(result.stderr).toMatch(/--input '"TICKET-42"'/);
  });

  it('fails an unknown name before any project code runs, with a suggestion', async () => {
    const project = tempDir('ca-run-side-effect-');
    const marker = path.join(project, 'imported.txt');
    const fixture = copyFixture('discovery/side-effect');
    const result = await runCli(['run', 'triag', '-p', fixture, '--input', '"T-1"'], { env: { CA_SIDE_EFFECT_MARKER: marker } });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/no node named 'triag' \(did you mean 'triage'\?\)/);
    expect(existsSync(marker)).toBe(false);
  });

  it('exits 1 on a failed run and prints the failing span’s path and error', async () => {
    const project = runnableFixture('runtime/orders');
    const result = await runCli(['run', 'sneaky_refund', '-p', project, '--input', '"ORD-1"']);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/sneaky_refund › refund_payment: sneaky_refund may not call refund_payment/);
    expect(result.stderr).toMatch(/add refund_payment to the uses of flow sneaky_refund \(src\/orders\.ts:\d+\)/);
  });

  it('streams one JSON event per line with --json', async () => {
    const project = runnableFixture('runtime/orders');
    const result = await runCli(['run', 'bulk_price', '-p', project, '--input', '{"skus":["A","B","C"],"maxParallel":2}', '--json']);
    expect(result.exitCode).toBe(0);
    const stream = events(result.stdout);
    expect(stream[0]).toMatchObject({ type: 'run.started', name: 'bulk_price' });
    expect(stream.filter((e) => e.type === 'span.started')).toHaveLength(3);
    expect(stream.at(-1)).toMatchObject({ type: 'run.ended', status: 'succeeded', output: { count: 3 } });
    expect(result.stderr).toBe('');
  });

  it('refuses to run a session and points at ca chat', async () => {
    const result = await runCli(['run', 'support_chat', '-p', runnableFixture('support-desk'), '--input', '"hi"']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/ca chat support_chat/);
  });
});

describe('project code that leaves handles open', () => {
  it('does not keep ca run from exiting once the run is done', async () => {
    const project = runnableFixture('runtime/orders');
    writeFileSync(
      path.join(project, 'src', 'pool.ts'),
      `import { flow } from 'composable-agents';
// A connection pool that is never closed: its interval would keep Node alive for ever.
const pool = setInterval(() => undefined, 1_000);
export const warmPool = flow({ name: 'warm_pool', description: 'Opens a pool and forgets it', run: async () => (pool ? 'warm' : 'cold') });
`,
    );
    const started = Date.now();
    const result = await execa('node', [CA_BIN, 'run', 'warm_pool', '-p', project], { env: { NO_COLOR: '1' }, reject: false, timeout: 20_000 });
    expect(result.timedOut).toBe(false);
    expect(result.exitCode).toBe(0);
    expect(String(result.stdout)).toBe('warm');
    expect(Date.now() - started).toBeLessThan(15_000);
  });
});

describe('traces', () => {
  it('renders a run identically live and from ca trace', async () => {
    const project = runnableFixture('runtime/orders');
    const run = await runCli(['run', 'restock_check', '-p', project, '--input', '{"sku":"SKU-T","failFirst":1}']);
    expect(run.exitCode).toBe(0);
    const [tree, footer] = splitFooter(run.stderr);
    const runId = /run (r_[0-9a-z]+)/.exec(footer)![1]!;
    const trace = await runCli(['trace', runId, '-p', project]);
    expect(trace.exitCode).toBe(0);
    expect(trace.stdout).toBe(tree);
    expect(tree).toMatch(/✗ tool check_stock {2}attempt 1\/3/);
  });

  it('Ctrl-C cancels the run cleanly and records it as cancelled', async () => {
    const project = runnableFixture('runtime/orders');
    const child = execa('node', [CA_BIN, 'run', 'wait_for_warehouse', '-p', project, '--input', '{"delayMs":30000}', '--json'], {
      env: { NO_COLOR: '1' },
      reject: false,
    });
    let seen = '';
    await new Promise<void>((resolve) => {
      child.stdout!.on('data', (chunk: Buffer) => {
        seen += chunk.toString();
        if (seen.includes('"span.started"')) resolve();
      });
    });
    child.kill('SIGINT');
    const result = await child;
    expect(result.exitCode).toBe(1);
    const ended = events(String(result.stdout)).at(-1) as RunEndedEvent;
    expect(ended).toMatchObject({ type: 'run.ended', status: 'cancelled' });
    expect(ended.durationMs).toBeLessThan(10_000);
    const runs = await runCli(['runs', '-p', project, '--json']);
    expect(JSON.parse(runs.stdout).runs[0]).toMatchObject({ name: 'wait_for_warehouse', status: 'cancelled' });
  });
});

describe('approvals on a terminal', () => {
  // util-linux `script` gives the CLI a pseudo-terminal, as a developer's shell would.
  const onTerminal = async (answer: string) => {
    const project = runnableFixture('runtime/orders');
    const [script, ...args] = onPseudoTerminal([process.execPath, CA_BIN, 'run', 'approved_refund', '-p', project, '--input', '{"order":"ORD-5","cents":700}']);
    const child = execa(script, args, { env: { NO_COLOR: '1' }, reject: false });
    let seen = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if (seen.includes('[y/N]') && !seen.includes('answered')) {
        seen += 'answered';
        child.stdin!.write(`${answer}\r`);
      }
    });
    const result = await child;
    // eslint-disable-next-line no-control-regex
    return String(result.stdout).replace(/\u001B\[[0-9;?]*[A-Za-z]/g, '').replace(/\r/g, '');
  };

  it('asks, and a yes runs the dangerous tool', async () => {
    const screen = await onTerminal('y');
    expect(screen).toMatch(/approve: Refund 700 cents on ORD-5\? \(approved_refund\) \[y\/N\]/);
    expect(screen).toMatch(/"refunded": 700/);
    expect(screen).toMatch(/✓ tool refund_payment/);
  });

  it('asks, and a no is recorded and lets the flow decline', async () => {
    const screen = await onTerminal('n');
    expect(screen).toMatch(/"declined": true/);
    expect(screen).not.toMatch(/tool refund_payment/);
  });
});

/** `ca run`'s stderr: the tree, then one footer line naming the run. */
function splitFooter(stderr: string): [string, string] {
  const lines = stderr.replace(/\n$/, '').split('\n');
  const footer = lines.pop()!;
  return [`${lines.join('\n')}\n`, footer];
}
