import { chmodSync, cpSync, readdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { CA_BIN } from '../helpers/run-cli.js';
import { FIXTURES, REPO_ROOT, tempDir } from '../helpers/temp-project.js';

// Root reads any file whatever its mode, so as root the CLI runs as `nobody`: permissions then mean
// for it what they mean for a user.
const AS = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};

function ca(project: string, ...args: string[]) {
  // A home of its own: oclif reads its data folder there, and root's is not ours to read.
  return execa(process.execPath, [CA_BIN, ...args], { cwd: project, env: { NO_COLOR: '1', HOME: path.dirname(project) }, reject: false, ...AS }).then((result) => ({
    exitCode: result.exitCode ?? -1,
    stdout: String(result.stdout),
    stderr: String(result.stderr),
  }));
}

/** support-desk with every folder and file writable by the user the CLI runs as (for the cache, the ledger, the run store). */
async function deskOpenToAll(): Promise<string> {
  const project = path.join(tempDir('ca-unreadable-'), 'desk');
  cpSync(path.join(FIXTURES, 'support-desk'), project, { recursive: true });
  await execa('chmod', ['-R', 'a+rwX', path.dirname(project)]);
  symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(project, 'node_modules'), 'dir');
  return project;
}

describe('files that become unreadable', () => {
  it('a source file unreadable under a warm cache is an unreadable-file error and its nodes are gone, never its cached content', async () => {
    const project = await deskOpenToAll();
    const warm = await ca(project, 'ls', '-s', 'tag:kb', '--output', 'names');
    expect(warm.stdout.split('\n').filter(Boolean)).toEqual(['answer_question', 'search_articles']);

    chmodSync(path.join(project, 'src', 'kb', 'answer.ts'), 0o000);
    const ls = await ca(project, 'ls', '-s', 'tag:kb', '--output', 'names');
    expect(ls.stdout.split('\n').filter(Boolean)).toEqual(['search_articles']);
    expect(ls.stderr).toContain('error src/kb/answer.ts unreadable-file: cannot read src/kb/answer.ts: EACCES');
    const lint = await ca(project, 'lint');
    expect(lint.exitCode).toBe(1);
    expect(lint.stdout).toMatch(/cannot read src\/kb\/answer\.ts/);

    // Readable again: the node is back, from the file as it is now.
    chmodSync(path.join(project, 'src', 'kb', 'answer.ts'), 0o666);
    const back = await ca(project, 'ls', '-s', 'tag:kb', '--output', 'names');
    expect(back.stdout.split('\n').filter(Boolean)).toEqual(['answer_question', 'search_articles']);
  }, 60_000);

  it('an unreadable ledger or run store is one line and exit 2 in every verb that reads it, and nothing is written', async () => {
    const project = await deskOpenToAll();
    expect((await ca(project, 'deploy', '--env', 'staging', '-s', 'triage', '--yes')).exitCode).toBe(0);
    const run = await ca(project, 'run', 'lookup_ticket', '--input', '{"ticket":"T-1042"}');
    expect(run.exitCode, run.stderr).toBe(0);

    const published = readdirSync(path.join(project, '.ca', 'releases', 'staging', 'triage')).sort();
    chmodSync(path.join(project, '.ca', 'ledger.db'), 0o000);
    for (const args of [['status', '--env', 'staging'], ['history', '--env', 'staging'], ['show', 'triage'], ['ledger', 'verify'], ['deploy', '--env', 'staging', '-s', 'triage', '--yes', '--force']]) {
      const result = await ca(project, ...args);
      expect(result.exitCode, args.join(' ')).toBe(2);
      expect(result.stderr.trim().split('\n'), args.join(' ')).toEqual([expect.stringMatching(/^error: .*ledger\.db: cannot open or write the deploy ledger .*SQLITE_CANTOPEN/)]);
    }
    // The deploy that was refused published nothing.
    expect(readdirSync(path.join(project, '.ca', 'releases', 'staging', 'triage')).sort()).toEqual(published);

    chmodSync(path.join(project, '.ca', 'runs.db'), 0o000);
    for (const args of [['runs'], ['trace', 'last'], ['run', 'lookup_ticket', '--input', '{"ticket":"T-1042"}']]) {
      const result = await ca(project, ...args);
      expect(result.exitCode, args.join(' ')).toBe(2);
      expect(result.stderr.trim().split('\n'), args.join(' ')).toEqual([expect.stringMatching(/^error: .*runs\.db: cannot open or write the run store .*SQLITE_CANTOPEN/)]);
    }
  }, 90_000);
});
