// End to end: `ca runs`, `ca trace` and `result:` selectors through the real CLI, over a run store
// seeded with the store's own API (what `ca run` writes), in a copy of fixtures/support-desk.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../src/core/trace.js';
import { openRunStore } from '../../src/ledger/open-run-store.js';
import { runCli } from '../helpers/run-cli.js';
import { copyFixture } from '../helpers/temp-project.js';
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
