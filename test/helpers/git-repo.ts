import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { FIXTURES, tempDir } from './temp-project.js';

const GIT_ENV = {
  GIT_AUTHOR_NAME: 'Casey Support',
  GIT_AUTHOR_EMAIL: 'casey@example.com',
  GIT_COMMITTER_NAME: 'Casey Support',
  GIT_COMMITTER_EMAIL: 'casey@example.com',
  GIT_CONFIG_NOSYSTEM: '1',
};

export async function git(cwd: string, ...args: string[]): Promise<string> {
  const result = await execa('git', args, { cwd, env: GIT_ENV });
  return String(result.stdout);
}

/** A real repository holding a copy of a fixture (optionally in a subfolder), with one commit. */
export async function repoWithFixture(fixture: string, subfolder = ''): Promise<{ repo: string; project: string }> {
  const repo = tempDir('ca-git-');
  const project = path.join(repo, subfolder);
  mkdirSync(project, { recursive: true });
  cpSync(path.join(FIXTURES, fixture), project, { recursive: true, filter: (source) => !source.includes(`${path.sep}.ca`) });
  writeFileSync(path.join(repo, '.gitignore'), '.ca/\nnode_modules/\n');
  await git(repo, 'init', '--quiet', '--initial-branch=main');
  await git(repo, 'add', '.');
  await git(repo, 'commit', '--quiet', '-m', 'support desk');
  return { repo, project };
}

export function editFile(root: string, file: string, change: (text: string) => string): void {
  const full = path.join(root, file);
  const before = readFileSync(full, 'utf8');
  const after = change(before);
  if (after === before) throw new Error(`the edit of ${file} changed nothing`);
  writeFileSync(full, after);
}
