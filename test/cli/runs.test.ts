// End to end: `ca runs`, `ca trace` and `result:` selectors through the real CLI, over a run store
// seeded with the store's own API (what `ca run` writes), in a copy of fixtures/support-desk.
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import type { RunsResult, TraceResult } from '../../src/core/results.js';
import type { TraceEvent } from '../../src/core/trace.js';
import { openRunStore } from '../../src/ledger/open-run-store.js';
import { CA_BIN, runCli } from '../helpers/run-cli.js';
import { copyFixture, runnableFixture } from '../helpers/temp-project.js';
import { deniedRefundRun, deniedRefundTree, traceBuilder } from '../helpers/trace-events.js';

const HOUR = 3_600_000;

function succeededRun(id: string, name: string, at: number): TraceEvent[] {
  return traceBuilder(id, at)
    .run(name, 'flow', { ticket: 'T-7' })
    .span('s1', 'root', 'lookup_ticket', 'tool', 2)
    .end('s1', 40)
    .finish(42, 'succeeded', { output: { queue: 'billing' } }).events;
}

/** support-desk with three runs: triage failed (latest), refund_flow succeeded, triage succeeded before that. */
function projectWithRuns(): { project: string; failedId: string } {
  const project = copyFixture('support-desk');
  const now = Date.now();
  const failed = deniedRefundRun(`r_${(now - HOUR).toString(36)}fail01`);
  for (const event of failed.events) event.at += now - HOUR - failed.events[0]!.at;
  const store = openRunStore(path.join(project, '.ca', 'runs.db'));
  store.append(succeededRun(`r_${(now - 3 * HOUR).toString(36)}okay01`, 'triage', now - 3 * HOUR));
  store.append(succeededRun(`r_${(now - 2 * HOUR).toString(36)}okay02`, 'refund_flow', now - 2 * HOUR));
  store.append(failed.events);
  store.close();
  return { project, failedId: failed.events[0]!.runId };
}

describe('ca runs and ca trace', () => {
  it('lists runs newest first as a table and as JSON, and filters them', async () => {
    const { project, failedId } = projectWithRuns();
    const table = await runCli(['runs', '-p', project]);
    expect(table.exitCode, table.stderr).toBe(0);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^id\s+name\s+kind\s+status\s+started\s+duration\s+tokens\s+cost\s+error$/);
    expect(lines[1]).toMatch(new RegExp(`^${failedId}\\s+triage\\s+flow\\s+failed\\s+1h ago\\s+5\\.80s\\s+852\\s+\\$0\\.00015\\s+triage may not call issue_refund$`));
    expect(lines[2]).toMatch(/^r_\w+okay02\s+refund_flow\s+flow\s+succeeded\s+2h ago\s+42ms\s+-\s+-$/);
    expect(lines).toHaveLength(4);

    const json = await runCli(['runs', '-p', project, '--json', '--status', 'succeeded', '--limit', '1']);
    expect(json.exitCode, json.stderr).toBe(0);
    const result = JSON.parse(json.stdout) as { path: string; runs: { id: string; name: string; status: string }[] };
    expect(result.path).toBe(path.join(project, '.ca', 'runs.db'));
    expect(result.runs.map((run) => [run.name, run.status])).toEqual([['refund_flow', 'succeeded']]);

    const byName = await runCli(['runs', '-p', project, '--json', '--name', 'triage']);
    expect((JSON.parse(byName.stdout) as { runs: { status: string }[] }).runs.map((run) => run.status)).toEqual(['failed', 'succeeded']);
  });

  it('says there are no runs yet, without creating the store, when nothing has run', async () => {
    const project = copyFixture('support-desk');
    const human = await runCli(['runs', '-p', project]);
    expect(human).toMatchObject({ exitCode: 0, stdout: '' });
    expect(human.stderr).toMatch(/^no runs recorded yet/);
    const json = await runCli(['runs', '-p', project, '--json']);
    expect(JSON.parse(json.stdout)).toEqual({ path: path.join(project, '.ca', 'runs.db'), runs: [] });
    const trace = await runCli(['trace', 'last', '-p', project]);
    expect(trace.exitCode).toBe(2);
    expect(trace.stderr).toMatch(/^error: no runs recorded yet: .*runs\.db does not exist/);
  });

  it('re-renders a stored trace by unique prefix or last, as JSON, or as the raw events', async () => {
    const { project, failedId } = projectWithRuns();
    const byPrefix = await runCli(['trace', failedId.slice(0, 12), '-p', project]);
    expect(byPrefix.exitCode, byPrefix.stderr).toBe(0);
    expect(byPrefix.stdout).toBe([...deniedRefundTree(failedId), ''].join('\n'));
    // Showing a failed run is not a failure of ca trace.
    const last = await runCli(['trace', 'last', '-p', project]);
    expect(last).toMatchObject({ exitCode: 0, stdout: byPrefix.stdout });

    const json = await runCli(['trace', failedId, '-p', project, '--json']);
    const result = JSON.parse(json.stdout) as { run: { id: string; status: string; input: unknown }; events: TraceEvent[] };
    expect(result.run).toMatchObject({ id: failedId, status: 'failed', input: { ticket: 'T-1042' } });
    expect(result.events.map((event) => event.type)).toEqual(deniedRefundRun(failedId).events.map((event) => event.type));

    const ndjson = await runCli(['trace', failedId, '-p', project, '--events']);
    const lines = ndjson.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(result.events.length);
    expect(lines.map((line) => JSON.parse(line) as TraceEvent)).toEqual(result.events);
  });

  it('refuses an unknown or ambiguous run id with exit 2 and the ids to use', async () => {
    const { project, failedId } = projectWithRuns();
    const unknown = await runCli(['trace', 'r_nope', '-p', project]);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stdout).toBe('');
    expect(unknown.stderr.trim().split('\n')).toHaveLength(1);
    expect(unknown.stderr).toContain(`error: no run 'r_nope' in ${path.join(project, '.ca', 'runs.db')} (latest: ${failedId} (triage)`);

    const ambiguous = await runCli(['trace', 'r_', '-p', project, '--json']);
    expect(ambiguous.exitCode).toBe(2);
    expect(JSON.parse(ambiguous.stdout).error).toMatchObject({ code: 'run-ambiguous', message: "run id 'r_' is ambiguous: it starts 3 runs" });
  });

  it('selects nodes by the status of their latest run with result:', async () => {
    const { project } = projectWithRuns();
    const failed = await runCli(['ls', '-p', project, '-s', 'result:failed', '--output', 'names']);
    expect(failed).toMatchObject({ exitCode: 0, stdout: 'triage\n' });
    const succeeded = await runCli(['ls', '-p', project, '-s', 'result:success', '--output', 'names']);
    expect(succeeded.stdout).toBe('refund_flow\n');
    const downstream = await runCli(['ls', '-p', project, '-s', 'result:error+', '--output', 'names']);
    expect(downstream.stdout.trim().split('\n')).toContain('concierge');

    const typo = await runCli(['ls', '-p', project, '-s', 'result:faild']);
    expect(typo.exitCode).toBe(2);
    expect(typo.stderr).toMatch(/unknown result 'faild' .*did you mean 'failed'\?/);

    const fresh = copyFixture('support-desk');
    const none = await runCli(['ls', '-p', fresh, '-s', 'result:failed', '--output', 'names']);
    expect(none.exitCode).toBe(0);
    expect(none.stdout.trim()).toBe('');
    expect(none.stderr).toMatch(/^warning: no runs recorded yet \(\.ca\/runs\.db\): result: selects nothing$/m);
  });
});

describe('how long a run that has not finished took', () => {
  /** `ca runs --json` with the wall clock around it: a running run's time is read somewhere in between. */
  async function readRuns(project: string): Promise<{ runs: RunsResult['runs']; before: number; after: number }> {
    const before = Date.now();
    const result = await runCli(['runs', '-p', project, '--json']);
    expect(result.exitCode, result.stderr).toBe(0);
    return { runs: (JSON.parse(result.stdout) as RunsResult).runs, before, after: Date.now() };
  }

  it('counts a running run up to now, and a killed one up to its last sign of life, where it then stays', async () => {
    const project = runnableFixture('runtime/orders');
    // The warehouse takes a minute to reserve SKU-WAIT: the run sits in reserve_stock, writing nothing.
    const child = execa('node', [CA_BIN, 'run', 'wait_for_warehouse', '-p', project, '--input', '{"delayMs":60000}', '--json'], { env: { NO_COLOR: '1' }, reject: false });
    let streamed = '';
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on('data', (chunk: Buffer) => {
        streamed += chunk.toString();
        if (streamed.includes('"span.started"')) resolve();
      });
      void child.then((result) => reject(new Error(`ca run ended before it started waiting: ${String(result.stderr)}`)));
    });

    const first = await readRuns(project);
    const running = first.runs[0]!;
    expect(running).toMatchObject({ name: 'wait_for_warehouse', status: 'running', durationKind: 'so-far' });
    // Timed against the clock, not the last event (which is a few ms after the start).
    expect(running.durationMs).toBeGreaterThanOrEqual(first.before - running.startedAt);
    expect(running.durationMs).toBeLessThanOrEqual(first.after - running.startedAt);
    await delay(1_000);
    const second = await readRuns(project);
    expect(second.runs[0]!.durationMs - running.durationMs).toBeGreaterThanOrEqual(1_000);

    const table = await runCli(['runs', '-p', project]);
    expect(table.stdout.split('\n')[1]).toMatch(/^r_\w+\s+wait_for_warehouse\s+flow\s+running\s+\d+s ago\s+\d+\.\d+s so far\s+-\s+-$/);
    const tree = await runCli(['trace', 'last', '-p', project]);
    expect(tree.stdout.split('\n').slice(0, 2)).toEqual([
      expect.stringMatching(new RegExp(`^⠋ flow wait_for_warehouse {2}running {2}\\d+\\.\\d+s so far {2}${running.id}$`)),
      expect.stringMatching(/^└─ ⠋ tool reserve_stock {2}\d+\.\d+s$/),
    ]);
    const traceBefore = Date.now();
    const traceJson = JSON.parse((await runCli(['trace', 'last', '-p', project, '--json'])).stdout) as TraceResult;
    expect(traceJson.run).toMatchObject({ id: running.id, status: 'running', durationKind: 'so-far', endedAt: null });
    expect(traceJson.run.durationMs).toBeGreaterThanOrEqual(traceBefore - running.startedAt);

    // Past a few heartbeats, then the process dies without a word.
    await delay(Math.max(0, running.startedAt + 3_500 - Date.now()));
    child.kill('SIGKILL');
    expect((await child).signal).toBe('SIGKILL');
    const killedAt = Date.now();

    const dead = JSON.parse((await runCli(['trace', running.id, '-p', project, '--json'])).stdout) as TraceResult;
    const lastEvent = Math.max(...dead.events.filter((event) => event.type !== 'run.ended').map((event) => event.at));
    expect(dead.run).toMatchObject({ status: 'interrupted', durationKind: 'until-last-sign', error: { code: 'interrupted' } });
    expect(dead.run.durationMs).toBeGreaterThanOrEqual(lastEvent - running.startedAt);
    expect(dead.run.durationMs).toBeLessThanOrEqual(killedAt - running.startedAt);
    // It wrote nothing after its first few ms, but its heartbeat kept saying it was alive.
    expect(lastEvent - running.startedAt).toBeLessThan(1_000);
    expect(dead.run.durationMs).toBeGreaterThanOrEqual(1_000);

    const deadTable = await runCli(['runs', '-p', project]);
    expect(deadTable.stdout.split('\n')[1]).toMatch(/^r_\w+\s+wait_for_warehouse\s+flow\s+interrupted\s+\d+s ago\s+at least \d+\.\d+s\s+-\s+-\s+the process running it/);
    const deadTree = (await runCli(['trace', running.id, '-p', project])).stdout.trimEnd().split('\n');
    expect(deadTree[0]).toMatch(/^◌ flow wait_for_warehouse {2}interrupted {2}at least \d+\.\d+s {2}r_/);
    expect(deadTree.at(-1)).toBe(
      `  last sign of life ${deadTree[0]!.split('at least ')[1]!.split('  ')[0]} after it started (${new Date(running.startedAt + dead.run.durationMs).toISOString()}): it ran at least that long`,
    );

    // Dead is dead: its time does not grow, neither later nor once the next ca run records it.
    await delay(700);
    expect((await readRuns(project)).runs[0]).toMatchObject({ id: running.id, durationMs: dead.run.durationMs });
    const restock = await runCli(['run', 'restock_check', '-p', project, '--input', '{"sku":"SKU-T"}']);
    expect(restock.exitCode, restock.stderr).toBe(0);
    const after = (await readRuns(project)).runs.find((run) => run.id === running.id);
    expect(after).toMatchObject({ status: 'interrupted', durationMs: dead.run.durationMs, durationKind: 'until-last-sign' });
  });
});
