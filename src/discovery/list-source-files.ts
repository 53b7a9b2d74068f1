import { globSync } from 'tinyglobby';
import { ALWAYS_EXCLUDED } from '../config/project-config.js';

const PATTERN = '**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}';

/** Source files under the configured roots, project-relative with forward slashes, sorted. */
export function listSourceFiles(root: string, src: readonly string[], exclude: readonly string[]): string[] {
  const patterns = src.map((folder) => (folder === '.' ? PATTERN : `${folder}/${PATTERN}`));
  const files = globSync(patterns, {
    cwd: root,
    ignore: [...ALWAYS_EXCLUDED, '**/*.d.ts', '**/*.d.mts', '**/*.d.cts', ...exclude],
    dot: false,
    onlyFiles: true,
    followSymbolicLinks: false,
    expandDirectories: false,
  });
  return [...new Set(files)].sort();
}
