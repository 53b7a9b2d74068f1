// End to end: `ca deploy`, `ca history`, `ca rollback` and `ca ledger verify` through the real CLI,
// on a real git repo (support-desk with fixtures/deploy-e2e's envs), a real SQLite ledger file and
// real publish commands. Assertions are on what a user sees: exit codes, output, --json, files.
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { editFile, git } from '../helpers/git-repo.js';
import { tempDir } from '../helpers/temp-project.js';
import { ca, deployRepo } from '../helpers/deploy-repo.js';

const ALL = ['answer_question', 'billing_agent', 'concierge', 'escalate', 'refund_desk', 'refund_flow', 'support_chat', 'triage'];
const HASH12 = '[0-9a-f]{12}';



interface HistoryRecord {
  id: number;
  env: string;
  node: string;
  version: number;
  outcome: 'pending' | 'succeeded' | 'failed';
  artifactHash: string;
  gitCommit: string | null;
  gitDirty: boolean;
  message: string | null;
  target: string;
}

async function history(project: string, env: string, node?: string): Promise<HistoryRecord[]> {
  const result = await ca(project, ['history', '--env', env, ...(node ? [node] : []), '--json']);
  expect(result.exitCode, result.stderr).toBe(0);
  return (JSON.parse(result.stdout) as { records: HistoryRecord[] }).records;
}

const lines = (records: HistoryRecord[]) => records.map((r) => `${r.node} v${r.version} ${r.outcome}`);

async function statusOf(project: string, env: string, node: string): Promise<{ exitCode: number; status: string; version: number | null; artifactHash: string | null }> {
  const result = await ca(project, ['status', '--env', env, '-s', node, '--json']);
  const row = (JSON.parse(result.stdout) as { rows: { node: string; status: string; version: number | null; artifactHash: string | null }[] }).rows.find((r) => r.node === node);
  if (!row) throw new Error(`no status row for ${node}: ${result.stdout}`);
  return { exitCode: result.exitCode, status: row.status, version: row.version, artifactHash: row.artifactHash };
}

const TRIAGE_RETRIES = '{ ticket }, { retries: 2, timeoutMs: 5000 }';
const editTriage = (project: string) => editFile(project, 'src/tickets/triage.ts', (text) => text.replace(TRIAGE_RETRIES, '{ ticket }, { retries: 3, timeoutMs: 5000 }'));

describe('ca deploy to a dir target', () => {
  it('prints the plan, publishes every deployable node, records pending + succeeded rows', async () => {
    const { project } = await deployRepo();
    const result = await ca(project, ['deploy', '--env', 'staging']);
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toBe('');
    const out = result.stdout.split('\n');
    expect(out[0]).toBe('Plan for staging (dir .ca/releases/staging)');
    for (const node of ALL) {
      expect(result.stdout).toMatch(new RegExp(`^ {2}\\+ ${node} (flow|agent|session) {2}new {2}${HASH12}$`, 'm'));
      // Files inside the project are shown relative to it.
      expect(result.stdout).toMatch(new RegExp(`^✔ ${node} v1 → \\.ca/releases/staging/${node}/[0-9a-f]{64}\\.json$`, 'm'));
    }
    expect(result.stdout).toContain('Plan: 8 new, 0 to republish as changed, 0 interrupted, 0 unchanged.');
    expect(out.filter(Boolean).at(-1)).toBe('Deployed 8 nodes to staging.');

    const records = await history(project, 'staging');
    expect(lines(records)).toEqual(ALL.flatMap((node) => [`${node} v1 pending`, `${node} v1 succeeded`]));
    const head = (await git(project, 'rev-parse', 'HEAD')).trim();
    expect(records.every((r) => r.gitCommit === head && !r.gitDirty && r.target === 'dir .ca/releases/staging')).toBe(true);

    // The folder holds the artifact by hash and a current.json pointing at it.
    const triage = records.find((r) => r.node === 'triage' && r.outcome === 'succeeded')!;
    const folder = path.join(project, '.ca', 'releases', 'staging', 'triage');
    expect(JSON.parse(readFileSync(path.join(folder, 'current.json'), 'utf8'))).toMatchObject({ env: 'staging', node: 'triage', hash: triage.artifactHash });
    const artifact = JSON.parse(readFileSync(path.join(folder, `${triage.artifactHash}.json`), 'utf8'));
    expect(artifact.hash).toBe(triage.artifactHash);
    expect(artifact.manifest).toMatchObject({ node: 'triage', kind: 'flow' });
    expect(Object.keys(artifact.manifest.upstream)).toEqual(['classify_ticket', 'lookup_ticket', 'update_ticket']);
    expect(artifact.files['src/tickets/triage.ts']).toContain("name: 'triage'");

    const text = await ca(project, ['history', '--env', 'staging']);
    expect(text.stdout).toMatch(/^#\s+time\s+node\s+version\s+outcome\s+artifact\s+commit\s+by\s+message$/m);
    expect(text.stdout).toMatch(new RegExp(`^16\\s+\\S+ \\S+Z\\s+triage\\s+v1\\s+succeeded\\s+${HASH12}\\s+${head.slice(0, 8)}\\s+\\S+$`, 'm'));
  });

  it('--json carries the plan, what was published, the lint gate; stdout is only the JSON', async () => {
    const { project } = await deployRepo();
    const result = await ca(project, ['deploy', '--env', 'staging', '--json']);
    expect(result.exitCode).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json).toMatchObject({ env: 'staging', target: 'dir .ca/releases/staging', dryRun: false, failed: null, skipped: [], lint: { errors: 0, skipped: false } });
    expect(json.plan.map((p: { node: string; action: string; deployedVersion: null }) => `${p.node} ${p.action} ${p.deployedVersion}`)).toEqual(ALL.map((n) => `${n} new null`));
    expect(json.published).toHaveLength(8);
    expect(json.published[7]).toMatchObject({ node: 'triage', version: 1, artifactHash: expect.stringMatching(/^[0-9a-f]{64}$/), location: expect.stringContaining('triage') });
  });

  it('an unchanged node is not republished; --force republishes it; an edit republishes what it reaches', async () => {
    const { project } = await deployRepo();
    expect((await ca(project, ['deploy', '--env', 'staging'])).exitCode).toBe(0);

    const again = await ca(project, ['deploy', '--env', 'staging']);
    expect(again.exitCode).toBe(0);
    expect(again.stdout).toContain('  No changes: everything selected is deployed as it is in the code.');
    expect(again.stdout).toContain('Plan: 0 new, 0 to republish as changed, 0 interrupted, 8 unchanged.');
    expect(again.stdout).not.toContain('✔');
    expect(await history(project, 'staging')).toHaveLength(16);

    const forced = await ca(project, ['deploy', '--env', 'staging', '-s', 'triage', '--force']);
    expect(forced.exitCode).toBe(0);
    expect(forced.stdout).toMatch(new RegExp(`^ {2}~ triage flow {2}republish \\(--force\\) \\(deployed v1\\) {2}${HASH12}$`, 'm'));
    expect(forced.stdout).toContain('✔ triage v2');
    expect(lines(await history(project, 'staging', 'triage'))).toEqual(['triage v1 pending', 'triage v1 succeeded', 'triage v2 pending', 'triage v2 succeeded']);

    editTriage(project);
    const edited = await ca(project, ['deploy', '--env', 'staging']);
    expect(edited.exitCode).toBe(0);
    expect(edited.stdout).toMatch(new RegExp(`^ {2}~ triage flow {2}changed: body \\(deployed v2\\) {2}${HASH12}$`, 'm'));
    expect(edited.stdout).toMatch(/^ {2}~ escalate flow {2}changed: upstream:triage \(deployed v1\)/m);
    expect(edited.stdout).toContain('Plan: 0 new, 4 to republish as changed, 0 interrupted, 4 unchanged.');
    expect(edited.stdout).not.toMatch(/answer_question/);
    expect(edited.stdout).toContain('Deployed 4 nodes to staging.');
  });

  it('--dry-run prints the plan and publishes nothing, records nothing, creates no ledger', async () => {
    const { project } = await deployRepo();
    const dry = await ca(project, ['deploy', '--env', 'staging', '--dry-run']);
    expect(dry.exitCode).toBe(0);
    expect(dry.stdout).toContain('Plan: 8 new, 0 to republish as changed, 0 interrupted, 0 unchanged.');
    expect(dry.stdout).not.toContain('✔');
    expect(existsSync(path.join(project, '.ca', 'ledger.db'))).toBe(false);
    expect(existsSync(path.join(project, '.ca', 'releases'))).toBe(false);
    const empty = await ca(project, ['history', '--env', 'staging']);
    expect(empty.exitCode).toBe(0);
    expect(empty.stdout.trim()).toBe('nothing deployed to staging yet');

    expect((await ca(project, ['deploy', '--env', 'staging'])).exitCode).toBe(0);
    editTriage(project);
    const json = await ca(project, ['deploy', '--env', 'staging', '--dry-run', '--json']);
    expect(json.exitCode).toBe(0);
    const plan = JSON.parse(json.stdout);
    expect(plan).toMatchObject({ dryRun: true, published: [] });
    expect(plan.plan.find((p: { node: string }) => p.node === 'triage')).toMatchObject({ action: 'changed', changes: ['body'], deployedVersion: 1 });
    expect(await history(project, 'staging')).toHaveLength(16);
    expect(readdirSync(path.join(project, '.ca', 'releases', 'staging', 'triage'))).toHaveLength(2);
  });

  it('the lint gate blocks a deploy with lint errors (exit 1, nothing recorded); --no-lint skips it', async () => {
    const { project } = await deployRepo();
    editFile(project, 'src/agents.ts', (text) => text.replace(/instructions:\n\s+'You answer billing questions[^']*',/, "instructions: '',"));

    const blocked = await ca(project, ['deploy', '--env', 'staging']);
    expect(blocked.exitCode).toBe(1);
    expect(blocked.stdout).toBe('');
    expect(blocked.stderr).toBe(
      'error: deploy to staging blocked: 1 lint error in the selection and what it uses (See them with `ca lint` (the same selection with a leading +), fix them, or pass --no-lint.)\n',
    );
    expect((await ca(project, ['history', '--env', 'staging'])).stdout.trim()).toBe('nothing deployed to staging yet');
    // The same finding, from ca lint.
    const lint = await ca(project, ['lint', '-s', 'billing_agent']);
    expect(lint.exitCode).toBe(1);
    expect(lint.stdout).toContain('empty-instructions');

    const skipped = await ca(project, ['deploy', '--env', 'staging', '--no-lint', '--json']);
    expect(skipped.exitCode).toBe(0);
    expect(JSON.parse(skipped.stdout)).toMatchObject({ lint: { skipped: true }, failed: null });
    expect(JSON.parse(skipped.stdout).published).toHaveLength(8);
  });

  // BUG (src/app/deploy-project.ts:52-58): the gate lints only the selected nodes, but an artifact
  // carries every node its node reaches. `ca deploy -s triage` publishes triage with a reasoner
  // (classify_ticket) whose empty system prompt is a lint error; `ca lint -s +triage` exits 1 on it,
  // the deploy passes the gate and exits 0. Fix: lint the deployables plus their ancestors.
  it('the lint gate also covers the upstream nodes a deployed artifact carries', async () => {
    const { project } = await deployRepo();
    editFile(project, 'src/tickets/classify.ts', (text) => text.replace(/ {2}system:\n\s+'You triage customer-support tickets[^']*',/, "  system: '',"));
    const lint = await ca(project, ['lint', '-s', '+triage']);
    expect(lint.exitCode).toBe(1);
    expect(lint.stdout).toContain('empty-instructions');

    const deploy = await ca(project, ['deploy', '-s', 'triage', '--env', 'staging']);
    expect(deploy.exitCode).toBe(1); // today: 0, and triage v1 is published with the broken reasoner
    expect(deploy.stderr).toContain('lint error');
  });

  // BUG (src/app/deploy-project.ts:60-61): the gate counts only `error` findings and ignores
  // `lint.failSeverity` from ca.yaml, which `ca lint` honours (src/app/lint-project.ts:48). With
  // `failSeverity: warn`, `ca lint -s billing_agent` exits 1 on agent-without-budget while
  // `ca deploy -s billing_agent` deploys it.
  it("the lint gate fails at ca.yaml's lint.failSeverity, like ca lint", async () => {
    const { project } = await deployRepo();
    editFile(project, 'ca.yaml', (text) => `${text}lint: { failSeverity: warn }\n`);
    editFile(project, 'src/agents.ts', (text) => text.replace('  budget: { maxRounds: 6, maxUsd: 0.25 },\n', ''));
    const lint = await ca(project, ['lint', '-s', 'billing_agent']);
    expect(lint.exitCode).toBe(1);
    expect(lint.stdout).toContain('agent-without-budget');

    const deploy = await ca(project, ['deploy', '-s', 'billing_agent', '--env', 'staging']);
    expect(deploy.exitCode).toBe(1); // today: 0
  });
});

describe('env settings: protected, requireClean', () => {
  it('a protected env needs --yes when there is no terminal to confirm on (exit 2, nothing recorded)', async () => {
    const { project } = await deployRepo();
    const refused = await ca(project, ['deploy', '--env', 'locked', '-s', 'triage']);
    expect(refused.exitCode).toBe(2);
    expect(refused.stdout).toContain('Plan for locked (dir .ca/releases/locked)');
    expect(refused.stderr).toBe('error: env locked is protected and there is no terminal to confirm on (Pass --yes to deploy without confirmation (in CI, after reviewing the plan).)\n');
    expect(await history(project, 'locked')).toEqual([]);
    expect(existsSync(path.join(project, '.ca', 'releases', 'locked'))).toBe(false);

    const yes = await ca(project, ['deploy', '--env', 'locked', '-s', 'triage', '--yes']);
    expect(yes.exitCode).toBe(0);
    expect(yes.stdout).toContain('Deployed 1 node to locked.');
    expect(lines(await history(project, 'locked'))).toEqual(['triage v1 pending', 'triage v1 succeeded']);

    // Nothing to publish: nothing to confirm either.
    expect((await ca(project, ['deploy', '--env', 'locked', '-s', 'triage'])).exitCode).toBe(0);
  });

  // BUG? (src/app/rollback-node.ts, src/commands/rollback.ts): `ca rollback` republishes to a
  // protected env without any confirmation and has no --yes flag; `ca deploy` to the same env
  // refuses without --yes (above). A rollback changes what runs there just as much.
  it('a rollback to a protected env asks for --yes too', async () => {
    const { project } = await deployRepo();
    expect((await ca(project, ['deploy', '--env', 'locked', '-s', 'triage', '--yes'])).exitCode).toBe(0);
    const rollback = await ca(project, ['rollback', 'triage', '--env', 'locked', '--to', '1']);
    expect(rollback.exitCode).toBe(2); // today: 0, v2 published without a question
    expect(rollback.stderr).toContain('--yes');
  });

  it('requireClean refuses a dirty tree (exit 1) and records the commit once it is clean', async () => {
    const { repo, project } = await deployRepo();
    editTriage(project);
    const dirty = await ca(project, ['deploy', '--env', 'prod', '-s', 'triage']);
    expect(dirty.exitCode).toBe(1);
    expect(dirty.stdout).toBe('');
    expect(dirty.stderr).toBe(
      `error: env prod requires a clean git tree, and ${project} has uncommitted changes (Commit or stash them first: a deploy records the commit it came from.)\n`,
    );
    expect(await history(project, 'prod')).toEqual([]);

    // staging does not require it: the dirty flag is recorded instead.
    expect((await ca(project, ['deploy', '--env', 'staging', '-s', 'triage'])).exitCode).toBe(0);
    expect((await history(project, 'staging')).every((r) => r.gitDirty)).toBe(true);

    await git(repo, 'commit', '--quiet', '-am', 'more retries');
    const clean = await ca(project, ['deploy', '--env', 'prod', '-s', 'triage']);
    expect(clean.exitCode).toBe(0);
    expect(clean.stderr).toMatch(/^would publish .*\.ca\/artifacts\/[0-9a-f]{64}\.json to prod \(support-desk\)$/m);
    const head = (await git(repo, 'rev-parse', 'HEAD')).trim();
    expect((await history(project, 'prod')).map((r) => [r.outcome, r.gitCommit, r.gitDirty])).toEqual([
      ['pending', head, false],
      ['succeeded', head, false],
    ]);
  });
});

describe('command targets', () => {
  it('get {artifact}, {node} and {env} substituted as single words, and CA_* in their environment', async () => {
    // A project path with a space: the placeholders must arrive as one argument each.
    const { project } = await deployRepo('support desk');
    const record = path.join(tempDir(), 'record.txt');
    const result = await ca(project, ['deploy', '--env', 'recorded', '-s', 'triage'], { CA_TEST_RECORD: record });
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toBe('recorded triage\n');

    const [row] = (await history(project, 'recorded')).filter((r) => r.outcome === 'succeeded');
    const artifactFile = path.join(project, '.ca', 'artifacts', `${row!.artifactHash}.json`);
    expect(readFileSync(record, 'utf8').split('\n')).toEqual([
      'argc=3',
      `arg1=${artifactFile}`,
      'arg2=triage',
      'arg3=recorded',
      'CA_ENV=recorded',
      'CA_NODE=triage',
      `CA_ARTIFACT=${artifactFile}`,
      `CA_ARTIFACT_HASH=${row!.artifactHash}`,
      '',
    ]);
    expect(JSON.parse(readFileSync(artifactFile, 'utf8'))).toMatchObject({ hash: row!.artifactHash, manifest: { node: 'triage' } });
    expect(result.stdout).toContain(`✔ triage v1 → sh scripts/record-env.sh '${artifactFile}' triage recorded`);
  });

  it('a failing publish command: exit 1 with its message, a failed row, the node stays as it was', async () => {
    const { project } = await deployRepo();
    const fail = { CA_TEST_FAIL: '1' };

    // Never deployed: stays not-deployed.
    const first = await ca(project, ['deploy', '--env', 'flaky', '-s', 'triage'], fail);
    expect(first.exitCode).toBe(1);
    expect(first.stderr).toBe('upload refused: quota exceeded\n');
    expect(first.stdout).toContain('✖ triage v1: `sh scripts/maybe-fail.sh {artifact}` exited with code 1; its last lines:\n  upload refused: quota exceeded\n');
    expect(first.stdout).not.toContain('Deployed');
    expect(await statusOf(project, 'flaky', 'triage')).toMatchObject({ exitCode: 0, status: 'not-deployed', version: null });
    const failed = await history(project, 'flaky', 'triage');
    expect(lines(failed)).toEqual(['triage v1 pending', 'triage v1 failed']);
    expect(failed[1]!.message).toContain('upload refused: quota exceeded');

    // Deployed as v2, then a forced republish fails: v2 stays live and in sync.
    const good = await ca(project, ['deploy', '--env', 'flaky', '-s', 'triage']);
    expect(good.exitCode).toBe(0);
    expect(good.stderr).toMatch(/^uploaded triage \([0-9a-f]{64}\)$/m);
    const again = await ca(project, ['deploy', '--env', 'flaky', '-s', 'triage', '--force', '--json'], fail);
    expect(again.exitCode).toBe(1);
    expect(JSON.parse(again.stdout)).toMatchObject({ published: [], failed: { node: 'triage', version: 3, message: expect.stringContaining('upload refused: quota exceeded') } });
    expect(await statusOf(project, 'flaky', 'triage')).toMatchObject({ exitCode: 0, status: 'in-sync', version: 2 });
    expect(lines(await history(project, 'flaky', 'triage')).slice(2)).toEqual(['triage v2 pending', 'triage v2 succeeded', 'triage v3 pending', 'triage v3 failed']);

    // After an edit, a failed deploy leaves the node drifted from the still-live v2.
    editTriage(project);
    expect((await ca(project, ['deploy', '--env', 'flaky', '-s', 'triage'], fail)).exitCode).toBe(1);
    expect(await statusOf(project, 'flaky', 'triage')).toMatchObject({ exitCode: 3, status: 'drifted', version: 2 });
    expect((await ca(project, ['ledger', 'verify'])).exitCode).toBe(0);
  });

  it('a failure stops the deploy: the nodes after it are not attempted and not recorded', async () => {
    const { project } = await deployRepo();
    const result = await ca(project, ['deploy', '--env', 'flaky', '-s', 'triage', '-s', 'escalate'], { CA_TEST_FAIL: '1' });
    expect(result.exitCode).toBe(1);
    // Nodes publish in name order: escalate first.
    expect(result.stdout).toMatch(/^✖ escalate v1: /m);
    expect(result.stdout).toContain('not attempted after the failure: triage');
    expect(lines(await history(project, 'flaky'))).toEqual(['escalate v1 pending', 'escalate v1 failed']);
  });
});

describe('ca rollback', () => {
  it("republishes an earlier version's artifact as a new version, bringing a reverted node back in sync", async () => {
    const { project } = await deployRepo();
    const original = readFileSync(path.join(project, 'src/tickets/triage.ts'), 'utf8');
    expect((await ca(project, ['deploy', '--env', 'staging', '-s', 'triage'])).exitCode).toBe(0);
    editTriage(project);
    expect((await ca(project, ['deploy', '--env', 'staging', '-s', 'triage'])).exitCode).toBe(0);
    writeFileSync(path.join(project, 'src/tickets/triage.ts'), original);

    const [v1, v2] = (await history(project, 'staging', 'triage')).filter((r) => r.outcome === 'succeeded');
    expect(v1!.artifactHash).not.toBe(v2!.artifactHash);
    expect(await statusOf(project, 'staging', 'triage')).toMatchObject({ exitCode: 3, status: 'drifted', version: 2, artifactHash: v2!.artifactHash });

    const rollback = await ca(project, ['rollback', 'triage', '--env', 'staging', '--to', '1']);
    expect(rollback.exitCode).toBe(0);
    expect(rollback.stderr).toBe('');
    expect(rollback.stdout).toBe(
      `✔ triage in staging: v1's artifact republished as v3 → .ca/releases/staging/triage/${v1!.artifactHash}.json\n`,
    );
    const records = await history(project, 'staging', 'triage');
    expect(lines(records)).toEqual(['triage v1 pending', 'triage v1 succeeded', 'triage v2 pending', 'triage v2 succeeded', 'triage v3 pending', 'triage v3 succeeded']);
    expect(records.at(-1)).toMatchObject({ artifactHash: v1!.artifactHash, message: 'rollback to v1' });
    expect(JSON.parse(readFileSync(path.join(project, '.ca', 'releases', 'staging', 'triage', 'current.json'), 'utf8')).hash).toBe(v1!.artifactHash);

    expect(await statusOf(project, 'staging', 'triage')).toMatchObject({ exitCode: 0, status: 'in-sync', version: 3, artifactHash: v1!.artifactHash });
    // And a deploy has nothing left to do.
    expect((await ca(project, ['deploy', '--env', 'staging', '-s', 'triage'])).stdout).toContain('1 unchanged.');
    expect((await ca(project, ['ledger', 'verify'])).exitCode).toBe(0);

    const json = await ca(project, ['rollback', 'triage', '--env', 'staging', '--to', '2', '--json', '-m', 'back to retries: 3']);
    expect(json.exitCode).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ env: 'staging', node: 'triage', from: 2, version: 4, artifactHash: v2!.artifactHash });
    expect((await history(project, 'staging', 'triage')).at(-1)!.message).toBe('back to retries: 3');
  });

  it('an unknown version, a never-deployed node or an unknown env is a usage error (exit 2) that says what exists', async () => {
    const { project } = await deployRepo();
    expect((await ca(project, ['deploy', '--env', 'staging', '-s', 'triage'])).exitCode).toBe(0);
    expect((await ca(project, ['deploy', '--env', 'staging', '-s', 'triage', '--force'])).exitCode).toBe(0);

    const unknown = await ca(project, ['rollback', 'triage', '--env', 'staging', '--to', '9']);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stdout).toBe('');
    expect(unknown.stderr).toBe('error: triage has no succeeded version 9 in staging (Succeeded versions: v1, v2 (see ca history --env staging triage))\n');

    const never = await ca(project, ['rollback', 'escalate', '--env', 'staging', '--to', '1']);
    expect(never.exitCode).toBe(2);
    expect(never.stderr).toBe('error: escalate has no succeeded version 1 in staging (Nothing of escalate was deployed to staging.)\n');

    const env = await ca(project, ['rollback', 'triage', '--env', 'stagin', '--to', '1']);
    expect(env.exitCode).toBe(2);
    expect(env.stderr).toMatch(/^error: unknown env 'stagin' \(Envs in ca.yaml: staging, /);

    const zero = await ca(project, ['rollback', 'triage', '--env', 'staging', '--to', '0']);
    expect(zero.exitCode).toBe(2);
    expect(lines(await history(project, 'staging'))).toHaveLength(4);
  });
});

describe('ca ledger verify', () => {
  async function deployedTwice(): Promise<{ project: string; ledger: string }> {
    const { project } = await deployRepo();
    expect((await ca(project, ['deploy', '--env', 'staging', '-s', 'triage', '-s', 'escalate'])).exitCode).toBe(0);
    expect((await ca(project, ['deploy', '--env', 'qa', '-s', 'triage'])).exitCode).toBe(0);
    const ok = await ca(project, ['ledger', 'verify']);
    expect(ok.exitCode).toBe(0);
    expect(ok.stdout).toBe('✔ ledger intact: 6 rows in 2 envs (.ca/ledger.db)\n');
    return { project, ledger: path.join(project, '.ca', 'ledger.db') };
  }

  it('the file itself refuses UPDATE and DELETE of deployment rows', async () => {
    const { ledger } = await deployedTwice();
    const db = new Database(ledger);
    try {
      expect(() => db.prepare("UPDATE deployments SET message = 'x' WHERE id = 1").run()).toThrow('deployments are append-only: rows cannot be updated');
      expect(() => db.prepare('DELETE FROM deployments WHERE id = 1').run()).toThrow('deployments are append-only: rows cannot be deleted');
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('user_version', { simple: true })).toBe(1);
    } finally {
      db.close();
    }
  });

  it('a row edited behind the triggers (message, artifact_hash) fails verify: exit 1 naming the env and row id', async () => {
    const { project, ledger } = await deployedTwice();
    const ids = Object.fromEntries((await history(project, 'staging')).map((r) => [`${r.node} v${r.version} ${r.outcome}`, r.id]));
    const qa = await history(project, 'qa');
    const db = new Database(ledger);
    try {
      // What an attacker with the file would do: drop the guard, rewrite history.
      db.exec('DROP TRIGGER deployments_append_only_update');
      db.prepare("UPDATE deployments SET message = 'approved by security' WHERE id = ?").run(ids['escalate v1 succeeded']);
      db.prepare('UPDATE deployments SET artifact_hash = ? WHERE id = ?').run('0'.repeat(64), qa[1]!.id);
    } finally {
      db.close();
    }
    const result = await ca(project, ['ledger', 'verify']);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toBe(
      [
        `✖ qa: row ${qa[1]!.id} its row_hash does not match its contents (the row was edited)`,
        `✖ staging: row ${ids['escalate v1 succeeded']} its row_hash does not match its contents (the row was edited)`,
        '',
      ].join('\n'),
    );
    const json = await ca(project, ['ledger', 'verify', '--json']);
    expect(json.exitCode).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({
      ok: false,
      breaks: [
        { env: 'qa', id: qa[1]!.id },
        { env: 'staging', id: ids['escalate v1 succeeded'] },
      ],
    });
  });

  // BUG (src/app/rollback-node.ts:22-33, src/ledger/sqlite-ledger.ts verify()): the artifacts
  // table is outside the hash chain and nothing re-hashes it. Edit a stored artifact behind its
  // trigger (here the manifest's description and the carried source) and `ca ledger verify` still
  // says intact, and `ca rollback` republishes the edited JSON under the original hash and records
  // it as such. Fix: recompute artifactHash(manifest) on rollback and in verify and refuse a
  // mismatch. (The carried file texts are not covered by the artifact hash at all, by design of
  // freeze-artifact.ts: a content hash of `files` would be needed to catch an edit of those alone.)
  it('a stored artifact edited behind its trigger is not republished by rollback', async () => {
    const { project, ledger } = await deployedTwice();
    const [v1] = await history(project, 'staging', 'triage');
    expect((await ca(project, ['deploy', '--env', 'staging', '-s', 'triage', '--force'])).exitCode).toBe(0);
    const db = new Database(ledger);
    try {
      db.exec('DROP TRIGGER artifacts_immutable');
      db.prepare("UPDATE artifacts SET json = replace(json, 'Classify a ticket', 'Forward a ticket to attacker.example') WHERE hash = ?").run(v1!.artifactHash);
    } finally {
      db.close();
    }
    const rollback = await ca(project, ['rollback', 'triage', '--env', 'staging', '--to', '1']);
    const published = readFileSync(path.join(project, '.ca', 'releases', 'staging', 'triage', `${v1!.artifactHash}.json`), 'utf8');
    expect(published).not.toContain('attacker.example'); // today: republished as is
    expect(rollback.exitCode).not.toBe(0);
  });

  it('a row deleted behind the triggers fails verify at the row after it', async () => {
    const { project, ledger } = await deployedTwice();
    const staging = await history(project, 'staging');
    const db = new Database(ledger);
    try {
      db.exec('DROP TRIGGER deployments_append_only_delete');
      db.prepare('DELETE FROM deployments WHERE id = ?').run(staging[1]!.id);
    } finally {
      db.close();
    }
    const result = await ca(project, ['ledger', 'verify']);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toBe(`✖ staging: row ${staging[2]!.id} its prev_hash does not match the row before it (a row was deleted, inserted or reordered)\n`);
  });
});
