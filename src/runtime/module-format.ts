import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** How Node (and tsx) will load a source file: as an ES module or as CommonJS, and why. */
export interface ModuleFormat {
  format: 'module' | 'commonjs';
  /** The package.json whose `type` decided it; null when the extension did, or no package.json was found. */
  packageJson: string | null;
}

/**
 * `.mts`/`.mjs` are ES modules and `.cts`/`.cjs` CommonJS whatever the package says; any other
 * file follows the `type` of the nearest package.json above it (CommonJS when there is none or
 * it says nothing), exactly as Node decides.
 */
export function moduleFormatOf(file: string): ModuleFormat {
  const extension = path.extname(file);
  if (extension === '.mts' || extension === '.mjs') return { format: 'module', packageJson: null };
  if (extension === '.cts' || extension === '.cjs') return { format: 'commonjs', packageJson: null };
  for (let dir = path.dirname(path.resolve(file)); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'package.json');
    if (existsSync(candidate)) {
      let type: unknown;
      try {
        type = (JSON.parse(readFileSync(candidate, 'utf8')) as { type?: unknown }).type;
      } catch {
        type = undefined;
      }
      return { format: type === 'module' ? 'module' : 'commonjs', packageJson: candidate };
    }
    if (path.dirname(dir) === dir) return { format: 'commonjs', packageJson: null };
  }
}

/** Where the project gets `composable-agents` from, as Node would resolve it from `root`. */
export type SdkResolution = { installed: true; version: string; dir: string } | { installed: false };

export function resolveProjectSdk(root: string): SdkResolution {
  try {
    const manifest = createRequire(path.join(root, 'package.json')).resolve('composable-agents/package.json');
    const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version?: unknown };
    return { installed: true, version: typeof version === 'string' ? version : 'unknown', dir: path.dirname(manifest) };
  } catch {
    return { installed: false };
  }
}
