// Releases that run (SPEC §14), end to end: real deploys to a worker env, real `ca worker`
// processes started from different commits of one repository, one PostgreSQL database holding the
// ledger and the runs. What a release manager and an on-call engineer would see.
import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa, type ResultPromise } from 'execa';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { editFile, git } from '../helpers/git-repo.js';
import { describePg, freshDatabase } from '../helpers/postgres.js';
import { CA_BIN, runCli } from '../helpers/run-cli.js';
import { FIXTURES, REPO_ROOT } from '../helpers/temp-project.js';
import { fileLines, until } from '../helpers/until.js';

const ISSUE_REFUND = 'src/refunds.ts';

/** A checkout of the release desk: a new repository, or a clone of another checkout with one commit on top. */
async function checkout(root: string, name: string, from?: { repo: string; change: (text: string) => string; message: string }): Promise<string> {
  const repo = path.join(root, name);
  if (from) {
    await git(root, 'clone', '--quiet', from.repo, repo);
    editFile(repo, ISSUE_REFUND, from.change);
    await git(repo, 'commit', '--quiet', '-am', from.message);
  } else {
    cpSync(path.join(FIXTURES, 'runtime', 'release-desk'), repo, { recursive: true });
    await git(repo, 'init', '--quiet', '--initial-branch=main');
    await git(repo, 'add', '.');
    await git(repo, 'commit', '--quiet', '-m', 'refunds v1');
  }
  symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(repo, 'node_modules'), 'dir');
  return repo;
}

describe('a worker env without PostgreSQL', () => {
  it('records its release in a SQLite ledger, shows it in ca status, and refuses to queue in one line', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'ca-releases-sqlite-'));
    try {
      const repo = await checkout(root, 'desk');
      const deployed = await runCli(['deploy', '--env', 'prod', '--yes', '-p', repo]);
      expect(deployed.exitCode, deployed.stderr).toBe(0);
      const release = /Release ([0-9a-f]{12}) of prod \(1 node; its first\)/.exec(deployed.stdout)?.[1];
      expect(release).toBeDefined();
      const status = JSON.parse((await runCli(['status', '--env', 'prod', '--json', '-p', repo])).stdout);
      expect(status.releases).toEqual([{ release: expect.stringMatching(new RegExp(`^${release}`)), current: true, queued: 0, running: 0, waiting: 0, interrupted: 0, workers: null }]);
      const queued = await runCli(['run', 'refund_flow', '--env', 'prod', '--queue', '--input', '{"order":"S-1"}', '-p', repo]);
      expect(queued.exitCode).toBe(2);
      expect(queued.stderr.trim().split('\n')).toHaveLength(1);
      expect(queued.stderr).toMatch(/cannot queue a run: the run store .*runs\.db is a SQLite file/);
      const notWorker = await runCli(['run', 'refund_flow', '--env', 'staging', '--queue', '-p', repo]);
      expect(notWorker.exitCode).toBe(2);
      expect(notWorker.stderr).toMatch(/--env staging: env staging deploys to the folder \.ca\/releases\/staging, not to workers.*envs served by workers: prod/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describePg('releases on PostgreSQL: workers of two releases side by side', () => {
  let root: string;
  let env: Record<string, string>;
  let log: string;
  let database: pg.Client;
  const workers: ResultPromise[] = [];
  const repos: Record<string, string> = {};
  const releases: Record<string, string> = {};

  const ca = (repo: string, args: string[]) => runCli([...args, '-p', repo], { env });
  const startWorker = (repo: string, ...args: string[]) => {
    const child = execa('node', [CA_BIN, 'worker', '--env', 'prod', ...args, '-p', repo], { env: { NO_COLOR: '1', ...env }, reject: false });
    workers.push(child);
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    return { child, stderr: () => stderr };
  };
  const runRow = async (id: string) =>
    (await database.query<{ status: string; release: string | null }>('SELECT status, release FROM ca_runs.runs WHERE id = $1', [id])).rows[0];
  const enqueue = async (repo: string, order: string) => {
    const queued = await ca(repo, ['run', 'refund_flow', '--env', 'prod', '--queue', '--input', JSON.stringify({ order })]);
    expect(queued.exitCode, queued.stderr).toBe(0);
    return queued.stdout.trim();
  };
  const deploy = async (repo: string, name: string) => {
    const deployed = await ca(repo, ['deploy', '--env', 'prod', '--yes']);
    expect(deployed.exitCode, deployed.stderr).toBe(0);
    releases[name] = /Release ([0-9a-f]{12}) of prod/.exec(deployed.stdout)![1]!;
    return deployed.stdout;
  };
  const statusOf = async (id: string, status: string) => until(async () => (await runRow(id))?.status === status, `run ${id} to be ${status}`);

  beforeAll(async () => {
    root = mkdtempSync(path.join(os.tmpdir(), 'ca-releases-'));
    log = path.join(root, 'refunds.log');
    const url = await freshDatabase('ca_releases');
    // One database for the ledger and the runs, as a small team would have it; a short lease.
    env = { CA_RUNS_URL: url, CA_LEDGER_URL: url, REFUND_LOG: log, CA_WORKER_LEASE_MS: '2000' };
    database = new pg.Client({ connectionString: url });
    await database.connect();
    repos.v1 = await checkout(root, 'v1');
  });

  afterAll(async () => {
    for (const worker of workers) worker.kill('SIGKILL');
    await Promise.all(workers);
    await database.end();
    rmSync(root, { recursive: true, force: true });
  });

  it('a run parked on v1 finishes with v1 after v2 is deployed, by a v1 worker; new runs get v2; the plan named the parked run', async () => {
    await deploy(repos.v1!, 'v1');
    const blue = startWorker(repos.v1!, '--drain');
    await until(() => blue.stderr().includes(`release ${releases.v1}`), 'the v1 worker to serve v1');
    const parked = await enqueue(repos.v1!, 'A-1');
    await statusOf(parked, 'waiting');

    // v2 changes the step after the approval.
    repos.v2 = await checkout(root, 'v2', { repo: repos.v1!, change: (text) => text.replace('`refunded ${order}', '`v2 refunded ${order}'), message: 'refunds v2' });
    const plan = await deploy(repos.v2, 'v2');
    expect(plan).toMatch(/~ refund_flow flow {2}changed: upstream:issue_refund/);
    expect(plan).toContain(`1 run waiting at refund_flow/approve#1 stays on release ${releases.v1} (${parked})`);
    expect(releases.v2).not.toBe(releases.v1);
    const green = startWorker(repos.v2);
    await until(() => green.stderr().includes(`release ${releases.v2}`), 'the v2 worker to serve v2');

    const status = JSON.parse((await ca(repos.v2, ['status', '--env', 'prod', '--json'])).stdout);
    expect(status.releases.map((entry: { release: string; current: boolean; waiting: number; workers: number }) => [entry.release.slice(0, 12), entry.current, entry.waiting, entry.workers])).toEqual([
      [releases.v2, true, 0, 1],
      [releases.v1, false, 1, 1],
    ]);

    const approved = await ca(repos.v2, ['approve', parked]);
    expect(approved.exitCode, approved.stderr).toBe(0);
    expect(approved.stderr).toContain(`a worker of release ${releases.v1} of prod goes on with it`);
    await statusOf(parked, 'succeeded');
    const fresh = await enqueue(repos.v2, 'B-1');
    await statusOf(fresh, 'waiting');
    await ca(repos.v2, ['approve', fresh]);
    await statusOf(fresh, 'succeeded');

    // v1's behaviour, by the v1 worker's process; v2's for the new run.
    expect(fileLines(log)).toEqual([`refunded A-1 4200 by ${blue.child.pid}`, `v2 refunded B-1 4200 by ${green.child.pid}`]);
    // v2 is current and nothing of v1 is left: the v1 worker (started with --drain) stopped by itself.
    const ended = await blue.child;
    expect(ended.exitCode).toBe(0);
    expect(blue.stderr()).toContain(`drained: release ${releases.v2} is current and no run of this one is left`);

    const runs = await ca(repos.v2, ['runs', '--env', 'prod']);
    expect(runs.stdout).toMatch(/^id\s+name\s+kind\s+status\s+release/);
    expect(runs.stdout).toMatch(new RegExp(`${fresh}\\s+refund_flow\\s+flow\\s+succeeded\\s+${releases.v2} prod`));
    expect(runs.stdout).toMatch(new RegExp(`${parked}\\s+refund_flow\\s+flow\\s+succeeded\\s+${releases.v1} prod`));
  }, 120_000);

  it('--resume --upgrade moves a parked run when only steps after its journal changed, and refuses, naming the node, when one it executed did', async () => {
    const parked = await enqueue(repos.v2!, 'C-1');
    await statusOf(parked, 'waiting');
    repos.v3 = await checkout(root, 'v3', { repo: repos.v2!, change: (text) => text.replace('`v2 refunded', '`v3 refunded'), message: 'refunds v3' });
    await deploy(repos.v3, 'v3');
    const moved = await ca(repos.v3, ['run', '--resume', parked, '--upgrade']);
    expect(moved.exitCode, moved.stderr).toBe(0);
    expect(moved.stderr).toContain(`moved run ${parked} (refund_flow) from release ${releases.v2} to ${releases.v3} of prod`);
    expect((await runRow(parked))?.release?.slice(0, 12)).toBe(releases.v3);

    // v4 changes what the run already did (the order lookup, before the approval).
    repos.v4 = await checkout(root, 'v4', { repo: repos.v3, change: (text) => text.replace('paidCents: 4200', 'paidCents: 4300'), message: 'refunds v4' });
    await deploy(repos.v4, 'v4');
    const refused = await ca(repos.v4, ['run', '--resume', parked, '--upgrade']);
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(refused.stderr).toContain(`run ${parked} cannot move from release ${releases.v3} to ${releases.v4}: a node it has executed changed: lookup_order (refund_flow/lookup_order#1)`);
    expect((await runRow(parked))?.release?.slice(0, 12)).toBe(releases.v3);

    // A run queued for v4, which no worker serves: ca runs says why it waits.
    const waiting = await enqueue(repos.v4, 'D-1');
    expect((await runRow(waiting))?.status).toBe('queued');
    const runs = await ca(repos.v4, ['runs', '--env', 'prod']);
    expect(runs.stdout).toContain(`1 run queued for release ${releases.v4} of prod waits: no live worker serves that release`);
  }, 120_000);

  it('a worker refuses code that matches no release (naming the nodes that differ), a dirty tree unless --allow-dirty (its own release, which --release pins a run to), and damaged ledger rows', async () => {
    const other = await checkout(root, 'other', { repo: repos.v4!, change: (text) => text.replace('paidCents: 4300', 'paidCents: 9900'), message: 'an unreleased change' });
    const unreleased = await ca(other, ['worker', '--env', 'prod']);
    expect(unreleased.exitCode).toBe(1);
    expect(unreleased.stderr).toMatch(new RegExp(`this code serves no release of env prod: against its current release ${releases.v4}, refund_flow differs \\(lookup_order changed\\)`));
    editFile(other, ISSUE_REFUND, (text) => `${text}\n// a local edit\n`);
    const dirty = await ca(other, ['worker', '--env', 'prod']);
    expect(dirty.exitCode).toBe(2);
    expect(dirty.stderr).toMatch(/has uncommitted changes: a worker of env prod runs committed code only/);
    // --allow-dirty: this tree serves a release of its own, recorded, that --release pins a run to.
    const tryout = startWorker(other, '--allow-dirty');
    const own = (await until(() => /release ([0-9a-f]{12}) · this tree's own release/.exec(tryout.stderr())?.[1], 'the dirty worker to serve its own release'))!;
    expect(own).not.toBe(releases.v4);
    const pinned = await ca(other, ['run', 'refund_flow', '--env', 'prod', '--queue', '--release', own, '--input', '{"order":"T-1"}']);
    expect(pinned.exitCode, pinned.stderr).toBe(0);
    await statusOf(pinned.stdout.trim(), 'waiting');
    expect((await runRow(pinned.stdout.trim()))?.release?.slice(0, 12)).toBe(own);
    tryout.child.kill('SIGKILL');
    const staging = await ca(other, ['worker', '--env', 'staging']);
    expect(staging.exitCode).toBe(2);
    expect(staging.stderr).toMatch(/env staging deploys to the folder/);

    // Last, since it damages the shared ledger: a row edited behind its triggers by a superuser.
    await database.query('ALTER TABLE ca_ledger.deployments DISABLE TRIGGER ALL');
    await database.query("UPDATE ca_ledger.deployments SET message = 'edited' WHERE id = (SELECT max(id) FROM ca_ledger.deployments)");
    for (const args of [['worker', '--env', 'prod'], ['run', 'refund_flow', '--env', 'prod', '--queue', '--input', '{"order":"E-1"}']]) {
      const refused = await ca(repos.v4!, args);
      expect(refused.exitCode, refused.stderr).toBe(2);
      expect(refused.stderr).toMatch(/the deploy ledger postgres:\/\/.* is damaged: row \d+ of env prod: .*; its release cannot be trusted/);
    }
  });
});
