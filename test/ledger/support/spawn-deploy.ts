import path from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { REPO_ROOT } from '../../helpers/temp-project.js';

const SCRIPT = path.join(import.meta.dirname, 'deploy-once.ts');

export type DeployProcess = ResultPromise<{ cwd: string; reject: false }>;

/** Starts deploy-once.ts in its own node process (tsx loads the TypeScript sources). */
export function spawnDeploy(args: { ledger: string; env: string; node: string; holdMs?: number; releaseFile?: string; timeoutMs?: number; burst?: number }): DeployProcess {
  return execa(process.execPath, ['--import', 'tsx', SCRIPT, JSON.stringify(args)], { cwd: REPO_ROOT, reject: false });
}

/** Resolves with the first stdout line starting with `prefix`; rejects if the process ends first. */
export function waitForLine(child: DeployProcess, prefix: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    const onData = (chunk: Buffer) => {
      buffered += chunk.toString();
      const line = buffered.split('\n').find((candidate) => candidate.startsWith(prefix));
      if (line === undefined) return;
      child.stdout.off('data', onData);
      resolve(line);
    };
    child.stdout.on('data', onData);
    void child.then((result) => reject(new Error(`the deploy process ended before printing "${prefix}": ${String(result.stderr)}`)));
  });
}
