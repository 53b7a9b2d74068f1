import { createHash, randomBytes } from 'node:crypto';
import { closeSync, cpSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync, statSync, utimesSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { FIXTURES, tempDir } from '../helpers/temp-project.js';

/** The side-effect fixture with a dir env, deployed `times` times (each --force adds rows). */
async function deployed(times: number): Promise<{ project: string; ledger: string; releases: string }> {
  const project = tempDir('ca-ledger-damage-');
  cpSync(path.join(FIXTURES, 'discovery', 'side-effect'), project, { recursive: true });
  writeFileSync(path.join(project, 'ca.yaml'), 'envs:\n  staging: { target: { type: dir, path: .ca/releases/staging } }\n');
  for (let i = 0; i < times; i++) {
    const result = await runCli(['deploy', '--env', 'staging', '--force', '-p', project]);
    expect(result.exitCode, result.stderr).toBe(0);
  }
  return { project, ledger: path.join(project, '.ca', 'ledger.db'), releases: path.join(project, '.ca', 'releases', 'staging') };
}

const digest = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
const releaseFiles = (dir: string) => (existsSync(dir) ? readdirSync(dir, { recursive: true }).length : 0);

describe('a damaged ledger is never written to, and never read as whole', () => {
  it('random bytes over a page: deploy --force publishes nothing and changes no byte; status fails; verify says what is wrong', async () => {
    const { project, ledger, releases } = await deployed(3);
    expect(existsSync(`${ledger}-wal`)).toBe(false);
    const pageSize = (new Database(ledger, { readonly: true }).pragma('page_size', { simple: true }) as number);
    const pages = statSync(ledger).size / pageSize;
    expect(pages).toBeGreaterThan(3);
    // Page 3 is an index of the history: SQLite opens the file and reads its rows without noticing;
    // only an integrity check finds it.
    const fd = openSync(ledger, 'r+');
    writeSync(fd, randomBytes(pageSize), 0, pageSize, 2 * pageSize);
    closeSync(fd);
    const before = digest(ledger);
    const published = releaseFiles(releases);

    const deploy = await runCli(['deploy', '--env', 'staging', '--force', '-p', project]);
    expect(deploy.exitCode).toBe(2);
    expect(deploy.stderr.trim().split('\n')).toHaveLength(1);
    expect(deploy.stderr).toMatch(/^error: \S+ledger\.db: the deploy ledger \S+ledger\.db is damaged \(\d+ problems?, first: Tree 3 page 3: .*\): nothing was read from it or written to it \(restore the file from a copy/);
    expect(digest(ledger)).toBe(before);
    expect(releaseFiles(releases)).toBe(published);

    for (const args of [['status', '--env', 'staging'], ['history', '--env', 'staging'], ['show', 'triage']]) {
      const read = await runCli([...args, '-p', project]);
      expect(read.exitCode, args.join(' ')).toBe(2);
      expect(read.stdout).toBe('');
    }
    const verify = await runCli(['ledger', 'verify', '-p', project]);
    expect(verify.exitCode).not.toBe(0);
    expect(verify.exitCode).toBe(1);
    expect(verify.stdout).toMatch(/^✖ file: Tree 3 page 3: /m);
    expect(verify.stderr).toContain('the file is damaged: restore it from a copy');
    expect(digest(ledger)).toBe(before);
  });

  it('an edited newest row: deploy and rollback refuse before taking the lock, and name the row', async () => {
    const { project, ledger } = await deployed(2);
    const db = new Database(ledger);
    // What someone with write access to the file could do: drop the guard, edit the newest row.
    for (const { name } of db.prepare("SELECT name FROM sqlite_schema WHERE type = 'trigger'").all() as { name: string }[]) db.exec(`DROP TRIGGER "${name}"`);
    db.prepare("UPDATE deployments SET message = 'all good' WHERE id = (SELECT MAX(id) FROM deployments)").run();
    db.close();
    const before = digest(ledger);
    const deploy = await runCli(['deploy', '--env', 'staging', '--force', '-p', project]);
    expect(deploy.exitCode).toBe(2);
    expect(deploy.stderr).toMatch(/^error: \S+ledger\.db: the deploy ledger \S+ is damaged: the newest row of staging \(id \d+\) does not match its hash: it was edited; nothing was published or written \(see the whole chain with ca ledger verify/m);
    const rollback = await runCli(['rollback', 'triage', '--env', 'staging', '--to', '1', '-p', project]);
    expect(rollback.exitCode).toBe(2);
    expect(digest(ledger)).toBe(before);
  });

  it('an existing file that holds no ledger is "truncated or not a ledger", never "intact: 0 rows"', async () => {
    const { project, ledger } = await deployed(1);
    writeFileSync(ledger, '');
    const old = new Date(Date.now() - 60_000);
    utimesSync(ledger, old, old);
    for (const args of [['ledger', 'verify'], ['status', '--env', 'staging'], ['deploy', '--env', 'staging']]) {
      const result = await runCli([...args, '-p', project]);
      expect(result.exitCode, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(/^error: \S+ledger\.db: the deploy ledger \S+ledger\.db exists but holds nothing: it was truncated, or it is not a ledger/m);
      expect(result.stdout).not.toMatch(/intact/);
    }
    expect(statSync(ledger).size).toBe(0);
  });
});

describe('a store path that is a folder', () => {
  it('is one line and exit 2 for the ledger and the run store, never a disk I/O error', async () => {
    const project = tempDir('ca-store-folder-');
    cpSync(path.join(FIXTURES, 'discovery', 'side-effect'), project, { recursive: true });
    writeFileSync(path.join(project, 'ca.yaml'), 'ledger: .ca/ledger-folder\nenvs:\n  staging: { target: { type: dir, path: .ca/releases/staging } }\n');
    mkdirSync(path.join(project, '.ca', 'ledger-folder'), { recursive: true });
    mkdirSync(path.join(project, '.ca', 'runs.db'), { recursive: true });
    for (const args of [['status', '--env', 'staging'], ['deploy', '--env', 'staging'], ['ledger', 'verify']]) {
      const result = await runCli([...args, '-p', project]);
      expect(result.exitCode, args.join(' ')).toBe(2);
      expect(result.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^error: \S+ledger-folder: the deploy ledger \S+ledger-folder is a folder, not a file \(point `ledger:` in ca\.yaml at a file/)]);
    }
    const runs = await runCli(['runs', '-p', project]);
    expect(runs.exitCode).toBe(2);
    expect(runs.stderr).toMatch(/^error: \S+runs\.db: the run store \S+runs\.db is a folder, not a file/);
  });
});
