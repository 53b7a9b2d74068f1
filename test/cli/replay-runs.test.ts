// End to end: an env's recorded runs replayed against a change (`ca replay --runs env:E`, SPEC §14)
// and copied from the team's store to a laptop (`ca runs pull`). The runs are real: `ca run --mock`
// records them once for the file, and they are written into each store as a worker env's runs
// would be (RunStore.importRun, with env and release). Replays run with no provider key.
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordedRun } from '../../src/core/recorded-run.js';
import type { ReplayRunsResult, RunsPullResult } from '../../src/core/results.js';
import { openRunStore, openRunStoreAt } from '../../src/ledger/open-run-store.js';
import { readRecordedRun } from '../../src/ledger/read-recorded-run.js';
import { git } from '../helpers/git-repo.js';
import { describePg, freshDatabase } from '../helpers/postgres.js';
import { runCli } from '../helpers/run-cli.js';
import { FIXTURES, REPO_ROOT } from '../helpers/temp-project.js';

/** No provider key: a replay must answer every model call from the journal. */
const NO_KEYS = { OPENAI_API_KEY: '', ANTHROPIC_API_KEY: '' };
const RELEASE = '41c2a9e07b3d5f18aa90c6e2';
/** A team store nobody can reach: a command that tried it would fail. */
const UNREACHABLE = 'postgres://ca:s3cret-pw@127.0.0.1:1/team';

const folders: string[] = [];
/** A runnable copy of the ticket inbox, kept for the whole file (the helpers' temp folders go after each test). */
function inbox(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  folders.push(dir);
  cpSync(path.join(FIXTURES, 'runtime', 'ticket-inbox'), dir, { recursive: true });
  symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return dir;
}

/** Runs by what they went through: billing tickets reach draft_refund_reply, the others do not. */
const RECORDED = [
  { name: 'answer_ticket', input: '{"ticket":"B-1042"}', refund: true },
  { name: 'answer_ticket', input: '{"ticket":"G-7"}', refund: false },
  { name: 'answer_ticket', input: '{"ticket":"B-2001"}', refund: true },
  { name: 'close_stale_tickets', input: '{"tickets":["G-1","G-2"]}', refund: false },
];

let recorded: RecordedRun[] = [];
let refundRuns: string[] = [];
let project = '';

/** The run as a worker of env `env` would have recorded it, under `id` when given. */
function asEnvRun(run: RecordedRun, env: string, id = run.run.id): RecordedRun {
  return { ...run, run: { ...run.run, id, env, release: RELEASE }, events: run.events.map((event) => ({ ...event, runId: id })) };
}

function edit(file: string, from: string, to: string): void {
  const full = path.join(project, file);
  const text = readFileSync(full, 'utf8');
  expect(text).toContain(from);
  writeFileSync(full, text.replace(from, to));
}

/** The CLI in the project folder: the files it is given (--into, --from, --markdown) are relative to it. */
const ca = (args: string[], env: Record<string, string> = {}) => runCli(args, { cwd: project, env: { ...NO_KEYS, ...env } });
const verdicts = (result: ReplayRunsResult) => Object.fromEntries(result.runs.map((run) => [run.runId, run.verdict]));
const expectedVerdicts = (diverged: string[]) => Object.fromEntries(recorded.map((run) => [run.run.id, diverged.includes(run.run.id) ? 'diverged' : 'not-affected']));

beforeAll(async () => {
  const recorder = inbox('ca-inbox-recorder-');
  const runs = await Promise.all(RECORDED.map(({ name, input }) => runCli(['run', name, '-p', recorder, '--input', input, '--mock', path.join(recorder, 'mocks.yaml'), '--json'], { env: NO_KEYS })));
  for (const run of runs) expect(run.exitCode, run.stderr).toBe(0);
  const ids = runs.map((run) => (JSON.parse(run.stdout.split('\n')[0]!) as { runId: string }).runId);
  const store = openRunStore(path.join(recorder, '.ca', 'runs.db'), { readonly: true });
  recorded = await Promise.all(ids.map((id) => readRecordedRun(store, id)));
  store.close();
  refundRuns = ids.filter((_, index) => RECORDED[index]!.refund);

  project = inbox('ca-inbox-');
  writeFileSync(path.join(project, '.gitignore'), '.ca/\nnode_modules\n*.md\n*.db\n');
  await git(project, 'init', '--quiet', '--initial-branch=main');
  await git(project, 'add', '.');
  await git(project, 'commit', '--quiet', '-m', 'ticket inbox');
  const local = openRunStore(path.join(project, '.ca', 'runs.db'));
  for (const run of recorded) local.importRun(asEnvRun(run, 'prod'));
  // Staging's runs as an older ca recorded them: one before fingerprints, one before the journal.
  local.importRun({ ...asEnvRun(recorded[0]!, 'staging', 'r_stagingnofp01'), fingerprints: undefined });
  local.importRun({ ...asEnvRun(recorded[1]!, 'staging', 'r_stagingnojn01'), steps: [] });
  local.close();
});

afterAll(() => {
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

describe('ca replay --runs env:E on the project run store', () => {
  it('on a change to one reasoner’s prompt, exactly the runs through it diverge and the rest are not affected, with no key; an older ca’s runs are said to be', async () => {
    edit('src/inbox.ts', 'Draft one short reply that offers a refund.', 'Draft one short reply that offers a refund or a store credit.');
    try {
      const [result, staging] = await Promise.all([
        ca(['replay', '-s', 'state:modified+', '--runs', 'env:prod', '--json', '--markdown', 'replay.md']),
        ca(['replay', '-s', 'state:modified+', '--runs', 'env:staging', '--json']),
      ]);
      expect(result.exitCode, result.stderr).toBe(1);
      const replay = JSON.parse(result.stdout) as ReplayRunsResult;
      expect(verdicts(replay)).toEqual(expectedVerdicts(refundRuns));
      expect(replay.counts).toEqual({ identical: 0, diverged: 2, notAffected: 2, notComparable: 0 });
      const diverged = replay.runs.find((run) => run.verdict === 'diverged')!;
      expect(diverged).toMatchObject({
        release: RELEASE,
        changed: ['draft_refund_reply'],
        divergence: {
          step: 'answer_ticket/draft_refund_reply#1',
          message: 'reasoner draft_refund_reply changed since this run: its recorded answer does not stand for the new prompt',
          at: { recorded: { name: 'draft_refund_reply', kind: 'reasoner', output: { reply: 'We have refunded the duplicate charge; expect it within 5 business days.' } } },
        },
      });
      const reasons = replay.runs.filter((run) => run.verdict === 'not-affected').map((run) => `${run.name}: ${run.reason}`);
      expect(reasons.sort()).toEqual(['answer_ticket: nothing it went through changed since it was recorded', 'close_stale_tickets: went through no selected node']);
      const markdown = readFileSync(path.join(project, 'replay.md'), 'utf8');
      expect(markdown).toContain('| ❌ diverged | 2 |');
      expect(markdown).toContain('| not affected | 2 |');
      for (const id of refundRuns) expect(markdown).toContain(`| \`${id}\` | answer_ticket | \`41c2a9e07b3d\` | \`answer_ticket/draft_refund_reply#1\` | reasoner draft_refund_reply changed since this run`);

      // Staging's runs came from an older ca: without fingerprints a run is replayed without comparing them (its
      // recorded answer stands in), without a journal it cannot be compared.
      expect(staging.exitCode, staging.stderr).toBe(0);
      const older = (JSON.parse(staging.stdout) as ReplayRunsResult).runs.sort((a, b) => a.runId.localeCompare(b.runId));
      expect(older).toMatchObject([
        { runId: 'r_stagingnofp01', verdict: 'identical', changed: [], reason: expect.stringMatching(/^recorded before ca kept fingerprints: replayed without comparing them/) },
        { runId: 'r_stagingnojn01', verdict: 'not-comparable', reason: 'recorded before ca journaled runs: there is no journal to replay' },
      ]);
      expect(staging.stderr).toBe(
        'warning: 1 run of env staging was recorded before ca kept fingerprints: replayed without comparing them (a changed tool or reasoner still answers from the journal)\n' +
          'warning: 1 run of env staging was recorded before ca journaled runs: not comparable\n',
      );
    } finally {
      await git(project, 'checkout', '--quiet', 'src/inbox.ts');
    }
  });

  it('replays the runs of a changed flow: identical where it does the same, diverged with the output diff where not', async () => {
    edit(
      'src/inbox.ts',
      'return { ticket: ticket.ticket, queue: ticket.queue, reply };',
      "const answer = { ticket: ticket.ticket, queue: ticket.queue, reply };\n    return ticket.queue === 'billing' ? answer : { ...answer, signedBy: 'support' };",
    );
    try {
      const result = await ca(['replay', '-s', 'answer_ticket', '--runs', 'env:prod', '--since', '1h']);
      expect(result.exitCode, result.stderr).toBe(1);
      expect(result.stdout.match(/^✓ identical {6}answer_ticket r_\w+ \(release 41c2a9e07b3d, \d+[sm] ago\): same steps, same output$/gm)).toHaveLength(2);
      expect(result.stdout.match(/^✗ diverged {7}answer_ticket r_\w+ .* at answer_ticket$/gm)).toHaveLength(1);
      expect(result.stdout).toMatch(/^- not affected {3}close_stale_tickets r_\w+ \(release 41c2a9e07b3d, \d+[sm] ago\): went through no selected node$/m);
      expect(result.stdout).toContain('    every step matched, but the final output differs\n        "queue": "general",\n    -   "reply": "Thanks for writing in; Settings › Billing has your invoices."\n    +   "reply": "Thanks for writing in; Settings › Billing has your invoices.",\n    +   "signedBy": "support"\n      }\n');
      expect(result.stdout).toMatch(/^4 runs of env prod since \d{4}-\d\d-\d\dT[\d:]+Z \(\.ca\/runs\.db\): 1 diverged, 2 identical, 1 not affected, 0 not comparable$/m);
    } finally {
      await git(project, 'checkout', '--quiet', 'src/inbox.ts');
    }
  });

  it('an env with no runs is a note (exit 0); bad input is one line and exit 2: a --since that is no duration, an env ca.yaml does not name, an unreachable team store (password masked)', async () => {
    const [canary, since, env, unreachable] = await Promise.all([
      ca(['replay', '--runs', 'env:canary', '--since', '7d']),
      ca(['replay', '--runs', 'env:prod', '--since', 'last week']),
      ca(['replay', '--runs', 'env:production']),
      ca(['runs', 'pull', '--env', 'prod'], { CA_RUNS_URL: UNREACHABLE }),
    ]);
    expect(canary).toMatchObject({ exitCode: 0, stdout: '', stderr: 'no runs of env canary recorded in .ca/runs.db since 7d: nothing to replay\n' });
    for (const result of [since, env, unreachable]) {
      expect(result.exitCode).toBe(2);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
    }
    expect(since.stderr).toMatch(/^error: --since "last week" is neither a duration nor a date/);
    expect(env.stderr).toMatch(/^error: unknown env 'production' \(Envs in ca.yaml: prod, staging, canary\)/);
    expect(unreachable.stderr).toContain('cannot reach the run store at postgres://ca:****@127.0.0.1:1/team');
    expect(unreachable.stderr).not.toContain('s3cret-pw');
  });
});

describePg('ca runs pull from the team store, then ca replay --runs from the copy', () => {
  let team = '';

  beforeAll(async () => {
    team = await freshDatabase('ca_pull');
    const store = await openRunStoreAt(team);
    for (const run of recorded) await store.importRun(asEnvRun(run, 'prod'));
    await store.close();
  });

  it('copies the env’s runs once (then says they are there), a selection only those through it, and replays the copy with the team store out of reach', async () => {
    const [pull, selected] = await Promise.all([
      ca(['runs', 'pull', '--env', 'prod', '--into', 'pulled.db', '--json'], { CA_RUNS_URL: team }),
      ca(['runs', 'pull', '--env', 'prod', '-s', 'draft_refund_reply', '--into', 'refunds.db', '--json'], { CA_RUNS_URL: team }),
    ]);
    expect(pull.exitCode, pull.stderr).toBe(0);
    expect(JSON.parse(pull.stdout)).toMatchObject({ env: 'prod', into: 'pulled.db', found: 4, already: 0, unfinished: 0 });
    expect(new Set((JSON.parse(pull.stdout) as RunsPullResult).copied)).toEqual(new Set(recorded.map((run) => run.run.id)));
    expect(JSON.parse(selected.stdout)).toMatchObject({ found: 4, unselected: 2 });
    expect(new Set((JSON.parse(selected.stdout) as RunsPullResult).copied)).toEqual(new Set(refundRuns));

    edit('src/inbox.ts', 'Draft one short reply that offers a refund.', 'Draft one short reply that offers a refund or a store credit.');
    try {
      const [again, local] = await Promise.all([
        ca(['runs', 'pull', '--env', 'prod', '--into', 'pulled.db'], { CA_RUNS_URL: team }),
        ca(['replay', '-s', 'state:modified+', '--runs', 'env:prod', '--from', 'pulled.db', '--json'], { CA_RUNS_URL: UNREACHABLE }),
      ]);
      expect(again.exitCode, again.stderr).toBe(0);
      expect(again.stdout).toMatch(/^✔ copied 0 runs of env prod \(4 already there\)$/m);
      expect(local.exitCode, local.stderr).toBe(1);
      const replay = JSON.parse(local.stdout) as ReplayRunsResult;
      expect(replay.store).toBe('pulled.db');
      expect(verdicts(replay)).toEqual(expectedVerdicts(refundRuns));
    } finally {
      await git(project, 'checkout', '--quiet', 'src/inbox.ts');
    }
  });
});
