import path from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { REPO_ROOT } from '../../helpers/temp-project.js';

const SCRIPT = path.join(import.meta.dirname, 'deploy-once.ts');

export type DeployProcess = ResultPromise<{ cwd: string; reject: false }>;

/** Starts deploy-once.ts in its own node process (tsx loads the TypeScript sources). */
export function spawnDeploy(args: { ledger: string; env: string; node: string; holdMs?: number; releaseFile?: string; timeoutMs?: number; burst?: number }): DeployProcess {
  return execa(process.execPath, ['--import', 'tsx', SCRIPT, JSON.stringify(args)], { cwd: REPO_ROOT, reject: false });
}
