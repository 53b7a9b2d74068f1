import picomatch from 'picomatch';
import { globSync } from 'tinyglobby';
import { ALWAYS_EXCLUDED } from '../config/project-config.js';

const EXTENSIONS = '{ts,tsx,mts,cts,js,jsx,mjs,cjs}';
const DECLARATIONS = ['**/*.d.ts', '**/*.d.mts', '**/*.d.cts'];

/** A bare folder in `exclude` (no glob characters) means everything under it, for the disk and for git alike. */
function excludePatterns(exclude: readonly string[]): string[] {
  return exclude.flatMap((pattern) => {
    const trimmed = pattern.replace(/\/+$/, '');
    return /[*?[\]{}]/.test(trimmed) ? [trimmed] : [trimmed, `${trimmed}/**`];
  });
}

function patternsFor(src: readonly string[]): string[] {
  return src.map((folder) => (folder === '.' ? `**/*.${EXTENSIONS}` : `${folder}/**/*.${EXTENSIONS}`));
}

/** Source files under the configured roots, project-relative with forward slashes, sorted. */
export function listSourceFiles(root: string, src: readonly string[], exclude: readonly string[]): string[] {
  const files = globSync(patternsFor(src), {
    cwd: root,
    ignore: [...ALWAYS_EXCLUDED, ...DECLARATIONS, ...excludePatterns(exclude)],
    dot: false,
    onlyFiles: true,
    followSymbolicLinks: false,
    expandDirectories: false,
  });
  return [...new Set(files)].sort();
}

/**
 * The same rule as listSourceFiles, as a predicate over project-relative paths: for file lists
 * that do not come from the disk (a git commit's tree).
 */
export function sourceFileFilter(src: readonly string[], exclude: readonly string[]): (file: string) => boolean {
  const included = picomatch(patternsFor(src), { dot: false });
  const excluded = picomatch([...ALWAYS_EXCLUDED, ...DECLARATIONS, ...excludePatterns(exclude)], { dot: true });
  return (file) => included(file) && !excluded(file);
}
