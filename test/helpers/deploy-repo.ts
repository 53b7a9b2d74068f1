import { cpSync } from 'node:fs';
import path from 'node:path';
import { git, repoWithFixture } from './git-repo.js';
import { runCli, type CliRun } from './run-cli.js';
import { FIXTURES } from './temp-project.js';

const DEPLOY_E2E = path.join(FIXTURES, 'deploy-e2e');

/** support-desk in a real git repo, with fixtures/deploy-e2e (its ca.yaml and publish scripts) committed over it. */
export async function deployRepo(subfolder = ''): Promise<{ repo: string; project: string }> {
  const made = await repoWithFixture('support-desk', subfolder);
  cpSync(DEPLOY_E2E, made.project, { recursive: true, filter: (source) => path.basename(source) !== 'README.md' });
  await git(made.repo, 'add', '.');
  await git(made.repo, 'commit', '--quiet', '-m', 'deploy envs');
  return made;
}

/** The real CLI with the project as working folder. */
export function ca(project: string, args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return runCli(args, { cwd: project, env });
}
