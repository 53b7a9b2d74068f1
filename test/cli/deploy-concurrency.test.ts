// End to end: several real `ca deploy` processes against one SQLite ledger file, and a deploy
// killed with SIGKILL in the middle of its publish command. Everything is observed the way a user
// observes it: exit codes, output, `ca history --json`, `ca status`, `ca ledger verify`.
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import Database from 'better-sqlite3';
import canonicalizeModule from 'canonicalize';
import { execa, type ResultPromise } from 'execa';
import { describe, expect, it } from 'vitest';
import { CA_BIN } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-project.js';
import { ca, deployRepo } from '../helpers/deploy-repo.js';

const LOCKED = /SQLITE_BUSY|database is locked/i;



/** A `ca` process left running: the test decides when it ends (or kills it). */
function startCa(project: string, args: string[], env: Record<string, string> = {}): ResultPromise<{ reject: false }> {
  return execa('node', [CA_BIN, ...args], { cwd: project, env: { NO_COLOR: '1', ...env }, reject: false });
}

/**
 * Starts `ca deploy -s triage --env slow`, kills it (SIGKILL) once its pending row is written, and
 * lets the orphaned publish script finish. Returns the release file the `slow` target waits for.
 */
async function killDeployOfTriage(project: string): Promise<string> {
  const release = path.join(tempDir(), 'release');
  const killed = startCa(project, ['deploy', '-s', 'triage', '--env', 'slow'], { CA_TEST_RELEASE: release });
  try {
    await pendingRow(project, 'slow', 'triage');
    killed.kill('SIGKILL');
    await killed;
  } finally {
    writeFileSync(release, '');
  }
  return release;
}

interface HistoryRecord {
  id: number;
  node: string;
  version: number;
  outcome: 'pending' | 'succeeded' | 'failed';
  artifactHash: string;
  pid: number;
}

async function history(project: string, env: string, node?: string): Promise<HistoryRecord[]> {
  const result = await ca(project, ['history', '--env', env, ...(node ? [node] : []), '--json']);
  expect(result.exitCode, result.stderr).toBe(0);
  return (JSON.parse(result.stdout) as { records: HistoryRecord[] }).records;
}

const lines = (records: HistoryRecord[]) => records.map((r) => `${r.node} v${r.version} ${r.outcome}`);

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await delay(100);
  }
}

/** Polls `ca history --json` until the env has a pending row for the node. */
function pendingRow(project: string, env: string, node: string): Promise<HistoryRecord> {
  return waitFor(`a pending row of ${node} in ${env}`, async () => (await history(project, env, node)).find((r) => r.outcome === 'pending'));
}

describe('concurrent deploys to one ledger', () => {
  it('6 processes deploying to one env all succeed, serialised into versions 1..6', async () => {
    const { project } = await deployRepo();
    // No ledger yet: the 6 also race to create and migrate the file.
    const runs = await Promise.all(Array.from({ length: 6 }, () => ca(project, ['deploy', '-s', 'triage', '--env', 'staging', '--force', '--yes'])));

    for (const run of runs) {
      expect(run.stderr).not.toMatch(LOCKED);
      // A waiting deploy says so on stderr; nothing else may appear there.
      expect(run.stderr.replace(/^waiting for the staging deploy lock, held by pid \d+ on .* since .*…\n/gm, '')).toBe('');
      expect(run.exitCode).toBe(0);
      expect(run.stdout).toContain('Deployed 1 node to staging.');
    }
    const published = runs.map((run) => Number(/✔ triage v(\d+) →/.exec(run.stdout)?.[1])).sort((a, b) => a - b);
    expect(published).toEqual([1, 2, 3, 4, 5, 6]);

    // Dense versions, a pending and a succeeded row each, and never two deploys interleaved:
    // each version's outcome is the row right after its pending one.
    const records = await history(project, 'staging', 'triage');
    expect(lines(records)).toEqual(Array.from({ length: 6 }, (_, i) => [`triage v${i + 1} pending`, `triage v${i + 1} succeeded`]).flat());
    expect(new Set(records.map((r) => r.pid)).size).toBe(6);

    const verify = await ca(project, ['ledger', 'verify']);
    expect(verify.exitCode).toBe(0);
    expect(verify.stdout).toMatch(/^✔ ledger intact: 12 rows in 1 env \(.*ledger\.db\)$/m);
    expect(verify.stderr).toBe('');
  });

  it('6 processes over two envs: each env gets its own dense versions and its own intact chain', async () => {
    const { project } = await deployRepo();
    const envs = ['staging', 'qa', 'staging', 'qa', 'staging', 'qa'];
    const runs = await Promise.all(envs.map((env) => ca(project, ['deploy', '-s', 'triage', '-s', 'escalate', '--env', env, '--force'])));
    for (const run of runs) {
      expect(run.stderr).not.toMatch(LOCKED);
      expect(run.exitCode).toBe(0);
    }
    for (const env of ['staging', 'qa']) {
      for (const node of ['escalate', 'triage']) {
        const records = await history(project, env, node);
        expect(lines(records)).toEqual(Array.from({ length: 3 }, (_, i) => [`${node} v${i + 1} pending`, `${node} v${i + 1} succeeded`]).flat());
      }
    }
    const verify = await ca(project, ['ledger', 'verify', '--json']);
    expect(verify.exitCode).toBe(0);
    expect(JSON.parse(verify.stdout)).toMatchObject({
      ok: true,
      envs: [
        { env: 'qa', rows: 12 },
        { env: 'staging', rows: 12 },
      ],
      breaks: [],
    });
  });

  it('a slow deploy holds its own env only: another env deploys meanwhile, the same env waits its turn', async () => {
    const { project } = await deployRepo();
    const release = path.join(tempDir(), 'release');
    const env = { CA_TEST_RELEASE: release };
    const slow = startCa(project, ['deploy', '-s', 'triage', '--env', 'slow'], env);
    let second: ReturnType<typeof startCa> | undefined;
    try {
      const pending = await pendingRow(project, 'slow', 'triage');
      expect(pending).toMatchObject({ version: 1, pid: slow.pid });

      const status = await ca(project, ['status', '--env', 'slow', '-s', 'triage']);
      expect(status.exitCode).toBe(0);
      expect(status.stdout).toMatch(/^triage\s+flow\s+deploying\s+-\s+v1\b/m);

      // Another env: not blocked by the slow one.
      const started = Date.now();
      const other = await ca(project, ['deploy', '-s', 'triage', '--env', 'staging']);
      expect(other.exitCode).toBe(0);
      expect(other.stdout).toContain('✔ triage v1');
      expect(Date.now() - started).toBeLessThan(15_000);
      expect(slow.exitCode).toBeNull();

      // The same env: a second deploy waits for the lock and writes nothing meanwhile.
      second = startCa(project, ['deploy', '-s', 'triage', '--env', 'slow', '--force'], env);
      await delay(1_500);
      expect(second.exitCode).toBeNull();
      expect(lines(await history(project, 'slow'))).toEqual(['triage v1 pending']);

      writeFileSync(release, '');
      const [first, then] = await Promise.all([slow, second]);
      expect(first.exitCode).toBe(0);
      expect(then.exitCode).toBe(0);
      expect(String(first.stderr)).toContain('published triage to slow');
      expect(lines(await history(project, 'slow'))).toEqual(['triage v1 pending', 'triage v1 succeeded', 'triage v2 pending', 'triage v2 succeeded']);
      expect((await ca(project, ['ledger', 'verify'])).exitCode).toBe(0);
    } finally {
      writeFileSync(release, '');
      for (const child of [slow, second]) {
        child?.kill('SIGKILL');
        await child;
      }
    }
  });
});

describe('a deploy killed with SIGKILL mid-publish', () => {
  it('shows as interrupted (exit 3) until the next deploy completes it', async () => {
    const { project } = await deployRepo();
    const release = path.join(tempDir(), 'release');
    const killed = startCa(project, ['deploy', '-s', 'triage', '--env', 'slow'], { CA_TEST_RELEASE: release });
    try {
      const pending = await pendingRow(project, 'slow', 'triage');
      expect(pending.pid).toBe(killed.pid);
      killed.kill('SIGKILL');
      const ended = await killed;
      expect(ended.signal).toBe('SIGKILL');
    } finally {
      // The orphaned publish script may go now.
      writeFileSync(release, '');
    }

    const status = await ca(project, ['status', '--env', 'slow']);
    expect(status.exitCode).toBe(3);
    expect(status.stdout).toMatch(/^triage\s+flow\s+interrupted\s+-\s+v1\b/m);
    expect(status.stdout).toMatch(/^escalate\s+flow\s+not-deployed\b/m);
    expect(status.stdout).toMatch(/^drift: 1 interrupted, 7 not-deployed$/m);
    const json = await ca(project, ['status', '--env', 'slow', '-s', 'triage', '--json']);
    expect(json.exitCode).toBe(3);
    expect(JSON.parse(json.stdout)).toMatchObject({ drift: true, rows: [{ node: 'triage', env: 'slow', status: 'interrupted', version: 1 }] });

    // The release file exists now: the publish command is fast. The next deploy republishes.
    const next = await ca(project, ['deploy', '-s', 'triage', '--env', 'slow'], { CA_TEST_RELEASE: release });
    expect(next.exitCode).toBe(0);
    expect(next.stdout).toMatch(/^ {2}! triage flow {2}republish: the last deploy \(v1\) was interrupted/m);
    expect(next.stdout).toContain('Plan: 0 new, 0 to republish as changed, 1 interrupted, 0 unchanged.');
    expect(next.stdout).toContain('✔ triage v2');
    expect(next.stderr).toContain('published triage to slow');

    const after = await ca(project, ['status', '--env', 'slow', '-s', 'triage']);
    expect(after.exitCode).toBe(0);
    expect(after.stdout).toMatch(/^triage\s+flow\s+in-sync\s+-\s+v2\b/m);
    // The interrupted v1 keeps its pending row: history is append-only.
    expect(lines(await history(project, 'slow'))).toEqual(['triage v1 pending', 'triage v2 pending', 'triage v2 succeeded']);
    expect((await ca(project, ['ledger', 'verify'])).exitCode).toBe(0);
  });

  // BUG (src/ui/deploy/render-plan.ts:22 with src/app/deploy-project.ts:202): for an interrupted
  // node, deployedVersion is the interrupted pending version, and the plan line appends
  // "(deployed v1)" although v1 never deployed:
  //   "! triage flow  republish: the last deploy (v1) was interrupted (deployed v1)".
  it('the plan of an interrupted node does not call the interrupted version deployed', async () => {
    const { project } = await deployRepo();
    await killDeployOfTriage(project);
    const next = await ca(project, ['deploy', '-s', 'triage', '--env', 'slow', '--dry-run']);
    expect(next.stdout).toContain('republish: the last deploy (v1) was interrupted');
    expect(next.stdout).not.toContain('deployed v1');
  });

  it('a lock left by the killed process is taken over at once, not after a timeout', async () => {
    const { project } = await deployRepo();
    const release = await killDeployOfTriage(project);
    const started = Date.now();
    const next = await ca(project, ['deploy', '-s', 'escalate', '--env', 'slow'], { CA_TEST_RELEASE: release });
    expect(next.exitCode).toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(lines(await history(project, 'slow'))).toEqual(['triage v1 pending', 'escalate v1 pending', 'escalate v1 succeeded']);
  });

  // BUG (src/app/deploy-project.ts:190 `isAlive: isProcessAlive`, src/deploy/plan-deploy.ts:73
  // `input.isAlive(last.pid, last.host)`): the plan asks whether a pending row's process is alive
  // without the row's time, and isProcessAlive (src/ledger/process-liveness.ts:25) without a time
  // counts a process on another host as alive forever (and our own pid as alive whatever wrote
  // the row). `ca status` passes the time, so after FOREIGN_HOLDER_STALE_MS (6 h) it says
  // `interrupted` (exit 3), while `ca deploy` keeps planning the node `unchanged` ("No changes")
  // and never completes it. This is the CI case the docs recommend: the ledger on a shared volume,
  // a runner killed mid-publish, the next job on another host. Repro below: a pending row written
  // by host ci-runner-7 seven hours ago (hash-chained like ca writes it, so `ca ledger verify`
  // passes). Fix: give PlanInput.isAlive the row's time and pass `last.time`.
  it("a deploy interrupted on another host hours ago is completed by the next deploy (status already says interrupted)", async () => {
    const { project } = await deployRepo();
    expect((await ca(project, ['deploy', '-s', 'triage', '--env', 'staging'])).exitCode).toBe(0);
    appendPendingRow(path.join(project, '.ca', 'ledger.db'), { env: 'staging', node: 'triage', host: 'ci-runner-7', pid: 4242, agoMs: 7 * 3600_000 });
    expect((await ca(project, ['ledger', 'verify'])).exitCode).toBe(0);

    const status = await ca(project, ['status', '--env', 'staging', '-s', 'triage']);
    expect(status.exitCode).toBe(3);
    expect(status.stdout).toMatch(/^triage\s+flow\s+interrupted\s+-\s+v2\b/m);

    const next = await ca(project, ['deploy', '-s', 'triage', '--env', 'staging']);
    expect(next.exitCode).toBe(0);
    expect(next.stdout).toContain('republish: the last deploy (v2) was interrupted'); // today: "No changes"
    expect((await ca(project, ['status', '--env', 'staging', '-s', 'triage'])).exitCode).toBe(0);
  });
});

const canonicalize = canonicalizeModule as unknown as (value: unknown) => string;

/**
 * Appends a `pending` row the way another ca would have, chained to the env's last row:
 * row_hash = sha256(prev_hash + "\n" + sha256(RFC 8785 JSON of every column but id and row_hash)), hex.
 */
function appendPendingRow(file: string, row: { env: string; node: string; host: string; pid: number; agoMs: number }): void {
  const db = new Database(file);
  try {
    const last = db.prepare('SELECT * FROM deployments WHERE env = ? AND node = ? ORDER BY id DESC LIMIT 1').get(row.env, row.node) as Record<string, unknown> & { version: number };
    const previous = db.prepare('SELECT row_hash FROM deployments WHERE env = ? ORDER BY id DESC LIMIT 1').get(row.env) as { row_hash: string };
    const columns: Record<string, unknown> = {
      env: row.env,
      node: row.node,
      kind: last.kind,
      version: last.version + 1,
      artifact_hash: last.artifact_hash,
      content_hash: last.content_hash,
      fingerprints: last.fingerprints,
      upstream: last.upstream,
      git_commit: last.git_commit,
      git_dirty: last.git_dirty,
      actor: 'ci (github actions)',
      time: new Date(Date.now() - row.agoMs).toISOString(),
      target: last.target,
      outcome: 'pending',
      message: null,
      pid: row.pid,
      host: row.host,
      prev_hash: previous.row_hash,
    };
    const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
    const rowHash = sha256(`${previous.row_hash}\n${sha256(canonicalize(columns))}`);
    const names = Object.keys(columns);
    db.prepare(`INSERT INTO deployments (${names.join(', ')}, row_hash) VALUES (${names.map((n) => `@${n}`).join(', ')}, @row_hash)`).run({ ...columns, row_hash: rowHash });
  } finally {
    db.close();
  }
}
