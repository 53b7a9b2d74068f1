import picomatch from 'picomatch';
import { globSync } from 'tinyglobby';
import { ALWAYS_EXCLUDED, type SourceRule } from '../config/project-config.js';

const DECLARATIONS = ['**/*.d.ts', '**/*.d.mts', '**/*.d.cts'];
/** A tsconfig `include` glob may name any file (`src/**` followed by `/*`): only these are sources. */
const SOURCE_FILE = /\.(?:ts|tsx|mts|cts|js|jsx|mjs|cjs)$/;

/** Source files the rule names, project-relative with forward slashes, sorted. */
export function listSourceFiles(root: string, rule: SourceRule): string[] {
  const files = globSync(rule.include, {
    cwd: root,
    ignore: [...ALWAYS_EXCLUDED, ...DECLARATIONS, ...rule.exclude],
    dot: false,
    onlyFiles: true,
    followSymbolicLinks: false,
    expandDirectories: false,
  });
  return [...new Set(files)].filter((file) => SOURCE_FILE.test(file)).sort();
}

/**
 * The same rule as listSourceFiles, as a predicate over project-relative paths: for file lists
 * that do not come from the disk (a git commit's tree, a file the watcher saw change).
 */
export function sourceFileFilter(rule: SourceRule): (file: string) => boolean {
  const included = picomatch(rule.include, { dot: false });
  const excluded = picomatch([...ALWAYS_EXCLUDED, ...DECLARATIONS, ...rule.exclude], { dot: true });
  return (file) => SOURCE_FILE.test(file) && included(file) && !excluded(file);
}
