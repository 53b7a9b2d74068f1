import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { PackageTsconfig, ProjectLayout, SourceOrigin, SourceRule } from './project-config.js';

/** The extensions discovery reads, as a glob alternative. */
export const SOURCE_GLOB_EXTENSIONS = '{ts,tsx,mts,cts,js,jsx,mjs,cjs}';

/**
 * Build outputs and tests, at any depth: skipped when the project's layout says what to scan, never
 * when ca.yaml `src:` does (a user who lists `tests` there means it).
 */
export const ZERO_CONFIG_EXCLUDED = [
  '**/build/**',
  '**/out/**',
  '**/coverage/**',
  '**/.next/**',
  '**/.mastra/**',
  '**/*.test.*',
  '**/*.spec.*',
  '**/__tests__/**',
  '**/test/**',
  '**/tests/**',
  '**/e2e/**',
];

/** ca.yaml `src:` folders and `exclude:` globs, read as they always were. */
export function configuredSources(src: readonly string[], exclude: readonly string[]): SourceRule {
  return { from: 'ca.yaml src', include: src.map(folderGlob), exclude: excludeGlobs(exclude) };
}

/**
 * Without `src:` in ca.yaml, the sources are where the project's own tooling finds them: the
 * `include` and `files` of the tsconfig.json at the root (its `extends` followed, its `exclude` and
 * `outDir` honoured), else the `src/` folder, else the project folder; tests and build outputs are
 * left out. A tsconfig.json that does not read is a warning, and the next rule applies. In a
 * workspace, each package is read that way from its own folder (and the root only for its `src/`).
 */
export async function defaultSources(root: string, exclude: readonly string[], layout: ProjectLayout): Promise<{ src: string[]; sources: SourceRule }> {
  const userExclude = excludeGlobs(exclude);
  if (layout.workspace) return workspaceSources(root, userExclude, layout);
  const tsconfigFile = path.join(root, 'tsconfig.json');
  let reading: PackageTsconfig | undefined;
  if (existsSync(tsconfigFile)) {
    // Loaded only here: get-tsconfig costs every start-up time, and most projects with a ca.yaml never need it.
    const { readTsconfig } = await import('./read-tsconfig.js');
    reading = readTsconfig(tsconfigFile);
  }
  const rule = folderRule(root, reading);
  const sources: SourceRule = { from: rule.from, include: rule.include, exclude: [...rule.exclude, ...userExclude] };
  if (reading?.problem) {
    const { tsconfigDiagnostic } = await import('./read-tsconfig.js');
    const where = rule.from === 'src folder' ? 'src/' : 'the project folder';
    sources.problem = tsconfigDiagnostic(reading.problem, `sources default to ${where} and imports resolve without its paths aliases`);
  }
  return { src: rule.src, sources };
}

/** One folder's own rule, relative to it: its tsconfig's include, else src/, else the folder. */
function folderRule(folder: string, reading: PackageTsconfig | undefined): { from: SourceOrigin; src: string[]; include: string[]; exclude: string[] } {
  const fromTsconfig = reading?.config ? tsconfigSources(folder, reading.config) : undefined;
  if (fromTsconfig && fromTsconfig.include.length > 0) {
    return { from: 'tsconfig.json include', src: baseFolders(fromTsconfig.include), include: fromTsconfig.include, exclude: [...ZERO_CONFIG_EXCLUDED, ...fromTsconfig.exclude] };
  }
  const from: SourceOrigin = isFolder(path.join(folder, 'src')) ? 'src folder' : 'project folder';
  const base = from === 'src folder' ? 'src' : '.';
  return { from, src: [base], include: [folderGlob(base)], exclude: [...ZERO_CONFIG_EXCLUDED, ...(fromTsconfig?.exclude ?? [])] };
}

/** Every package's own rule, prefixed with its folder; the root adds its `src/` only (it holds the packages). */
function workspaceSources(root: string, userExclude: readonly string[], layout: ProjectLayout): { src: string[]; sources: SourceRule } {
  const src: string[] = [];
  const include: string[] = [];
  const exclude: string[] = [...ZERO_CONFIG_EXCLUDED];
  if (isFolder(path.join(root, 'src'))) {
    src.push('src');
    include.push(folderGlob('src'));
  }
  for (const pkg of layout.packages) {
    if (pkg.folder === '.') continue;
    const rule = folderRule(path.join(root, pkg.folder), pkg.tsconfig?.problem ? undefined : pkg.tsconfig);
    const prefix = (glob: string): string => (glob === '.' ? pkg.folder : `${pkg.folder}/${glob}`);
    src.push(...rule.src.map(prefix));
    include.push(...rule.include.map(prefix));
    exclude.push(...rule.exclude.filter((glob) => !ZERO_CONFIG_EXCLUDED.includes(glob)).map(prefix));
  }
  return { src: [...new Set(src)].sort(), sources: { from: 'workspace packages', include: [...new Set(include)], exclude: [...new Set([...exclude, ...userExclude])] } };
}

interface TsconfigFields {
  include?: string[];
  files?: string[];
  exclude?: string[];
  compilerOptions?: { outDir?: string };
}

/**
 * tsconfig's `include`, `files` and `exclude` as globs relative to the project, read as tsc reads
 * them: a pattern whose last segment has no `.`, `*` or `?` is a folder (everything under it),
 * `files` are exact paths. get-tsconfig has already made those of an extended config relative to
 * this one. Patterns that leave the project are left out: ca scans the project.
 */
function tsconfigSources(root: string, config: TsconfigFields): { include: string[]; exclude: string[] } {
  const include = [
    ...(config.include ?? []).flatMap((pattern) => relativePattern(root, pattern) ?? []).map(includeGlob),
    ...(config.files ?? []).flatMap((file) => relativePattern(root, file) ?? []).map(escapeGlob),
  ];
  const exclude = excludeGlobs((config.exclude ?? []).flatMap((pattern) => relativePattern(root, pattern) ?? []));
  // tsc leaves outDir out unless `exclude` says otherwise; ca always does: emitted JavaScript is never a source.
  const outDir = config.compilerOptions?.outDir === undefined ? undefined : relativePattern(root, config.compilerOptions.outDir);
  if (outDir !== undefined && outDir !== '.') exclude.push(...excludeGlobs([outDir]));
  return { include: [...new Set(include)], exclude: [...new Set(exclude)] };
}

/** A tsconfig path as a project-relative pattern with forward slashes; undefined when it points outside. */
function relativePattern(root: string, pattern: string): string | undefined {
  const forward = pattern.split(path.sep).join('/');
  const relative = path.isAbsolute(forward) ? path.relative(root, forward).split(path.sep).join('/') : forward;
  const normal = path.posix.normalize(relative).replace(/^(\.\/)+/, '').replace(/\/+$/, '');
  if (normal === '..' || normal.startsWith('../')) return undefined;
  return normal === '' ? '.' : normal;
}

function includeGlob(pattern: string): string {
  if (pattern === '.') return folderGlob('.');
  const last = pattern.slice(pattern.lastIndexOf('/') + 1);
  return /[.*?]/.test(last) ? pattern : folderGlob(pattern);
}

function folderGlob(folder: string): string {
  return folder === '.' ? `**/*.${SOURCE_GLOB_EXTENSIONS}` : `${folder}/**/*.${SOURCE_GLOB_EXTENSIONS}`;
}

/** A bare folder in `exclude` (no glob characters) means everything under it, for the disk and for git alike. */
function excludeGlobs(exclude: readonly string[]): string[] {
  return exclude.flatMap((pattern) => {
    const trimmed = pattern.replace(/\/+$/, '');
    return /[*?[\]{}]/.test(trimmed) ? [trimmed] : [trimmed, `${trimmed}/**`];
  });
}

function escapeGlob(file: string): string {
  return file.replace(/[*?[\]{}()!]/g, '\\$&');
}

/** The folder each glob starts from (what `--watch` watches and a manifest records). */
function baseFolders(globs: readonly string[]): string[] {
  const folders = globs.map((glob) => {
    const segments = glob.split('/');
    const firstGlob = segments.findIndex((segment) => /[*?[\]{}\\]/.test(segment));
    // A pattern without glob characters is a file (from `files`): its folder.
    const fixed = segments.slice(0, firstGlob < 0 ? segments.length - 1 : firstGlob);
    return fixed.length === 0 ? '.' : fixed.join('/');
  });
  return folders.includes('.') ? ['.'] : [...new Set(folders)].sort();
}

function isFolder(folder: string): boolean {
  try {
    return statSync(folder).isDirectory();
  } catch {
    return false;
  }
}
