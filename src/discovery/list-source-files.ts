import picomatch from 'picomatch';
import { globSync } from 'tinyglobby';
import { ALWAYS_EXCLUDED, type SourceRule } from '../config/project-config.js';

const DECLARATIONS = ['**/*.d.ts', '**/*.d.mts', '**/*.d.cts'];
/** A tsconfig `include` glob may name any file (`src/**` followed by `/*`): only these are sources. */
const SOURCE_FILE = /\.(?:ts|tsx|mts|cts|js|jsx|mjs|cjs)$/;

/** Source files the rule names, project-relative with forward slashes, sorted. */
export function listSourceFiles(root: string, rule: SourceRule): string[] {
  const files = globSync(mergeFolderAlternatives(rule.include), {
    cwd: root,
    ignore: [...ALWAYS_EXCLUDED, ...DECLARATIONS, ...mergeFolderAlternatives(rule.exclude)],
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
  const included = picomatch(mergeFolderAlternatives(rule.include), { dot: false });
  const excluded = picomatch([...ALWAYS_EXCLUDED, ...DECLARATIONS, ...mergeFolderAlternatives(rule.exclude)], { dot: true });
  return (file) => SOURCE_FILE.test(file) && included(file) && !excluded(file);
}

/** A path segment that means itself in a glob and inside braces: no glob characters, commas or leading dot. */
const PLAIN_SEGMENT = /^[A-Za-z0-9_][\w.-]*$/;

/**
 * The same globs with those that differ in one plain folder name only written as one:
 * `packages/billing/src/**` and `packages/support/src/**` become `packages/{billing,support}/src/**`.
 * A workspace's rule has one include (and an exclude for each outDir) per package, and the glob
 * tests every file and folder against each in turn: twenty packages cost twenty times the matching
 * of one. Braces of plain names match exactly the paths one of the names does, so the files listed
 * are the same.
 */
export function mergeFolderAlternatives(globs: readonly string[]): string[] {
  let rest = [...globs];
  const merged: string[] = [];
  const longest = Math.max(0, ...globs.map((glob) => glob.split('/').length));
  for (let at = 0; at < longest && rest.length > 1; at++) {
    const groups = new Map<string, { segments: string[]; names: string[] }>();
    for (const glob of rest) {
      const segments = glob.split('/');
      const name = segments[at];
      // Only where every segment up to it is plain: a folder of the path, not part of a pattern.
      if (name === undefined || !PLAIN_SEGMENT.test(name) || segments.slice(0, at).some((segment) => !PLAIN_SEGMENT.test(segment))) continue;
      const key = [...segments.slice(0, at), '', ...segments.slice(at + 1)].join('/');
      const group = groups.get(key) ?? { segments, names: [] };
      group.names.push(name);
      groups.set(key, group);
    }
    const taken = new Set<string>();
    for (const { segments, names } of groups.values()) {
      if (names.length < 2) continue;
      const parts = [...segments.slice(0, at), `{${names.join(',')}}`, ...segments.slice(at + 1)];
      merged.push(parts.join('/'));
      for (const name of names) taken.add([...segments.slice(0, at), name, ...segments.slice(at + 1)].join('/'));
    }
    rest = rest.filter((glob) => !taken.has(glob));
  }
  return [...merged, ...rest];
}
