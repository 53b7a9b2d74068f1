import path from 'node:path';
import { execa } from 'execa';
import { REPO_ROOT } from './temp-project.js';

export const CA_BIN = path.join(REPO_ROOT, 'bin', 'run.js');

export interface CliRun {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** The real CLI, as a child process: what a user or a CI job runs. */
export async function runCli(args: string[], options: { cwd?: string; env?: Record<string, string>; input?: string } = {}): Promise<CliRun> {
  const result = await execa('node', [CA_BIN, ...args], {
    cwd: options.cwd ?? REPO_ROOT,
    env: { NO_COLOR: '1', ...options.env },
    reject: false,
    input: options.input,
    stripFinalNewline: false,
  });
  return { exitCode: result.exitCode ?? -1, stdout: String(result.stdout), stderr: String(result.stderr) };
}
