import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';

/** The folder of the running ca's package: the one holding its package.json, bin/ and dist/. */
export const CA_PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface PackedCa {
  /** Absolute path of the tarball written. */
  file: string;
  /** Its size in bytes. */
  size: number;
}

/**
 * The running ca as an npm tarball in `destination`: `npm pack` of its own package folder, so the
 * tarball holds exactly what a publish would (package.json `files`). Scripts are off (`prepare`
 * would rebuild a checkout; an installed copy has nothing to build). Throws with npm's message
 * when npm is missing or fails.
 */
export async function packCa(destination: string): Promise<PackedCa> {
  mkdirSync(destination, { recursive: true });
  const result = await execa('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', destination], {
    cwd: CA_PACKAGE_ROOT,
    reject: false,
    // npm_config_* set by an outer `npm test` or `npm exec` (dry-run, workspaces) must not change what is packed.
    env: Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.toLowerCase().startsWith('npm_config_'))),
    extendEnv: false,
  });
  if (result.exitCode !== 0) {
    const reason = String(result.stderr).split('\n').find((line) => /npm (error|ERR!)/.test(line)) ?? String(result.stderr).trim().split('\n').at(-1) ?? '';
    throw new Error(`npm pack failed${result.failed && result.exitCode === undefined ? ' (is npm on the PATH?)' : ''}: ${reason || `exit ${result.exitCode}`}`);
  }
  const [packed] = JSON.parse(String(result.stdout)) as Array<{ filename: string; size: number }>;
  if (!packed) throw new Error('npm pack wrote no tarball');
  return { file: path.join(destination, path.basename(packed.filename)), size: packed.size };
}
