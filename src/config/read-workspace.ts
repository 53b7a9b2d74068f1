import { type Dirent, lstatSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';
import { globSync } from 'tinyglobby';
import type { Diagnostic } from '../core/diagnostic.js';

/** What discovery needs of one package.json: its name, version, entry points and dependencies. */
export interface PackageManifest {
  name?: string;
  version?: string;
  exports?: unknown;
  main?: string;
  module?: string;
  types?: string;
  /** Every dependency name (dependencies, devDependencies, peerDependencies, optionalDependencies). */
  dependencies: string[];
}

/** One package of a workspace (or the project's own package.json): where it is and what it exports. */
export interface WorkspacePackage {
  /** package.json `name`; its folder when it has none (then nothing can import it by name). */
  name: string;
  /** Whether package.json gives the name. */
  named: boolean;
  /** Project-relative folder, forward slashes; '.' for the root package. */
  folder: string;
  manifest: PackageManifest;
}

/** npm/yarn `workspaces` or pnpm-workspace.yaml at the project root: the packages, and what did not read. */
export interface Workspace {
  /** The file that declares the workspace, project-relative: npm/yarn workspaces, pnpm's, or a solution tsconfig's references. */
  from: 'package.json' | 'pnpm-workspace.yaml' | 'tsconfig.json';
  /** Sorted by folder; the root package ('.') is not among them. */
  packages: WorkspacePackage[];
  /** Warnings naming the file: globs that match nothing, packages without a name, names used twice, a symlink loop. */
  problems: Diagnostic[];
}

/**
 * The workspace declared at `root`, or undefined when there is none. Reads package.json and YAML
 * files only; a package that cannot be read is a warning, never an error.
 */
export async function readWorkspace(root: string): Promise<Workspace | undefined> {
  const declared = await workspaceGlobs(root);
  if (!declared) return undefined;
  const problems: Diagnostic[] = [...declared.problems];
  const realRoot = safeRealpath(root) ?? root;
  const folders = new Map<string, string>();
  for (const pattern of declared.include) {
    const matches = globSync(folderPattern(pattern), {
      cwd: root,
      ignore: ['**/node_modules/**', ...declared.exclude.map(folderPattern)],
      onlyDirectories: true,
      followSymbolicLinks: false,
      expandDirectories: false,
    })
      .map((folder) => folder.replace(/\/+$/, ''))
      .concat(linkedFolders(root, pattern))
      .filter((folder) => isFile(path.join(root, folder, 'package.json')) || isLink(path.join(root, folder)));
    if (matches.length === 0) {
      problems.push(warning(declared.from, `the workspace pattern '${pattern}' in ${declared.from} matches no folder with a package.json`, 'Fix the pattern, or remove it.'));
    }
    for (const folder of matches) {
      // A symlinked package folder is read where it really is, once, and only inside the repository.
      const real = safeRealpath(path.join(root, folder));
      if (real === undefined) {
        problems.push(warning(folder, `${folder} is a link that cannot be followed (a symlink loop, or its target is missing), so it is not scanned`, 'Remove the link, or point it at a package folder inside the repository.'));
        continue;
      }
      if (!isFile(path.join(real, 'package.json'))) continue;
      const inside = path.relative(realRoot, real);
      if (inside === '' || inside.startsWith('..') || path.isAbsolute(inside)) {
        problems.push(warning(folder, `${folder} links to ${inside === '' ? 'the repository root' : 'a folder outside the repository'}, so it is not scanned as a package`, 'Workspace packages are folders inside the repository.'));
        continue;
      }
      if (![...folders.values()].includes(real)) folders.set(folder, real);
    }
  }

  const packages: WorkspacePackage[] = [];
  for (const folder of [...folders.keys()].sort()) {
    const manifest = readManifest(path.join(root, folder, 'package.json'));
    if ('problem' in manifest) {
      problems.push(warning(`${folder}/package.json`, `${folder}/package.json cannot be read (${manifest.problem}), so the package is not scanned`, 'Fix its JSON.'));
      continue;
    }
    const named = typeof manifest.name === 'string' && manifest.name !== '';
    if (!named) {
      problems.push(warning(`${folder}/package.json`, `${folder}/package.json has no "name": its nodes are scanned, but no other package can import it by name`, 'Give the package a name.'));
    }
    packages.push({ name: named ? manifest.name! : folder, named, folder, manifest });
  }

  const byName = new Map<string, WorkspacePackage[]>();
  for (const pkg of packages) if (pkg.named) byName.set(pkg.name, [...(byName.get(pkg.name) ?? []), pkg]);
  for (const [name, same] of byName) {
    if (same.length < 2) continue;
    problems.push(warning(`${same[1]!.folder}/package.json`, `the package name ${name} is used by ${same.map((pkg) => pkg.folder).join(' and ')}: imports of it resolve to ${same[0]!.folder}`, 'Give each workspace package its own name.'));
  }
  const cycle = dependencyCycle(packages);
  if (cycle) {
    problems.push(warning(`${cycle[0]!.folder}/package.json`, `workspace packages depend on each other in a circle: ${[...cycle, cycle[0]!].map((pkg) => pkg.name).join(' → ')}`, 'Nodes and edges are still read; break the circle so packages build in order.'));
  }
  return { from: declared.from, packages, problems };
}

/** The root package.json, read for its name and entry points; undefined when there is none or it does not read. */
export function readRootPackage(root: string): WorkspacePackage | undefined {
  const manifest = readManifest(path.join(root, 'package.json'));
  if ('problem' in manifest || typeof manifest.name !== 'string' || manifest.name === '') return undefined;
  return { name: manifest.name, named: true, folder: '.', manifest };
}

export function readManifest(file: string): PackageManifest | { problem: string } {
  let json: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return { problem: 'not a JSON object' };
    json = parsed as Record<string, unknown>;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { problem: code ?? (error as Error).message.split('\n')[0]! };
  }
  const text = (key: string): string | undefined => (typeof json[key] === 'string' ? (json[key] as string) : undefined);
  const dependencies = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'].flatMap((key) => {
    const value = json[key];
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? Object.keys(value) : [];
  });
  const manifest: PackageManifest = { dependencies: [...new Set(dependencies)].sort() };
  for (const key of ['name', 'version', 'main', 'module'] as const) {
    const value = text(key);
    if (value !== undefined) manifest[key] = value;
  }
  const types = text('types') ?? text('typings');
  if (types !== undefined) manifest.types = types;
  if (json.exports !== undefined && json.exports !== null) manifest.exports = json.exports;
  return manifest;
}

/** The workspace globs: package.json `workspaces` (an array, or yarn's `{ packages }`), else pnpm-workspace.yaml `packages`. */
async function workspaceGlobs(root: string): Promise<{ from: Workspace['from']; include: string[]; exclude: string[]; problems: Diagnostic[] } | undefined> {
  const manifestFile = path.join(root, 'package.json');
  let workspaces: unknown;
  if (isFile(manifestFile)) {
    try {
      workspaces = (JSON.parse(readFileSync(manifestFile, 'utf8')) as { workspaces?: unknown } | null)?.workspaces;
    } catch {
      workspaces = undefined;
    }
  }
  if (workspaces !== undefined) {
    const list = Array.isArray(workspaces) ? workspaces : (workspaces as { packages?: unknown } | null)?.packages;
    return split('package.json', list, '"workspaces" in package.json');
  }
  const pnpmFile = path.join(root, 'pnpm-workspace.yaml');
  if (!isFile(pnpmFile)) return undefined;
  let document: unknown;
  try {
    // Loaded only for a pnpm workspace: yaml costs start-up time.
    const { parse } = await import('yaml');
    document = parse(readFileSync(pnpmFile, 'utf8'));
  } catch (error) {
    const reason = (error as Error).message.split('\n')[0];
    return { from: 'pnpm-workspace.yaml', include: [], exclude: [], problems: [warning('pnpm-workspace.yaml', `pnpm-workspace.yaml does not parse (${reason}), so the workspace's packages are not scanned`, 'Fix its YAML.')] };
  }
  return split('pnpm-workspace.yaml', (document as { packages?: unknown } | null)?.packages, '`packages` in pnpm-workspace.yaml');
}

function split(from: Workspace['from'], list: unknown, what: string): { from: Workspace['from']; include: string[]; exclude: string[]; problems: Diagnostic[] } {
  if (!Array.isArray(list) || list.some((entry) => typeof entry !== 'string')) {
    return { from, include: [], exclude: [], problems: [warning(from, `${what} is not a list of folder patterns, so the workspace's packages are not scanned`, 'Write it as a list: ["packages/*"].')] };
  }
  const patterns = (list as string[]).map((entry) => entry.trim()).filter((entry) => entry !== '');
  return {
    from,
    include: patterns.filter((entry) => !entry.startsWith('!')).map(normalPattern),
    exclude: patterns.filter((entry) => entry.startsWith('!')).map((entry) => normalPattern(entry.slice(1))),
    problems: [],
  };
}

function normalPattern(pattern: string): string {
  return pattern.replace(/^\.\//, '').replace(/\/+$/, '') || '.';
}

/** A workspace pattern names folders; `packages/**` means every folder under packages. */
function folderPattern(pattern: string): string {
  return pattern.endsWith('/') ? pattern : `${pattern}/`;
}

/** A circle among the workspace's own dependencies (package.json), or undefined. */
function dependencyCycle(packages: readonly WorkspacePackage[]): WorkspacePackage[] | undefined {
  // The first package of a name is the one its imports resolve to.
  const byName = new Map<string, WorkspacePackage>();
  for (const pkg of packages) if (pkg.named && !byName.has(pkg.name)) byName.set(pkg.name, pkg);
  const state = new Map<WorkspacePackage, 'open' | 'done'>();
  const stack: WorkspacePackage[] = [];
  const visit = (pkg: WorkspacePackage): WorkspacePackage[] | undefined => {
    state.set(pkg, 'open');
    stack.push(pkg);
    for (const dependency of pkg.manifest.dependencies) {
      const next = byName.get(dependency);
      if (!next || next === pkg) continue;
      if (state.get(next) === 'open') return stack.slice(stack.indexOf(next));
      if (!state.has(next)) {
        const found = visit(next);
        if (found) return found;
      }
    }
    stack.pop();
    state.set(pkg, 'done');
    return undefined;
  };
  for (const pkg of packages) {
    if (state.has(pkg)) continue;
    const found = visit(pkg);
    if (found) return found;
  }
  return undefined;
}

/**
 * Symbolic links the pattern names in its folder (`packages/*` → packages/shared, a link): the glob
 * does not follow links (a link loop must not hang discovery), so they are looked at one by one.
 */
function linkedFolders(root: string, pattern: string): string[] {
  const slash = pattern.lastIndexOf('/');
  const base = slash < 0 ? '.' : pattern.slice(0, slash);
  if (/[*?[\]{}]/.test(base)) return [];
  let entries: Dirent[];
  try {
    entries = readdirSync(path.join(root, base), { withFileTypes: true });
  } catch {
    return [];
  }
  const matches = picomatch(pattern);
  return entries
    .filter((entry) => entry.isSymbolicLink())
    .map((entry) => (base === '.' ? entry.name : `${base}/${entry.name}`))
    .filter((folder) => matches(folder));
}

function isLink(file: string): boolean {
  try {
    return lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}

function warning(file: string, message: string, hint: string): Diagnostic {
  return { code: 'workspace-invalid', severity: 'warn', message, hint, file };
}

/** The real path of a file or folder; undefined when it cannot be followed (a loop, a dangling link). */
export function safeRealpath(file: string): string | undefined {
  try {
    return realpathSync(file);
  } catch {
    return undefined;
  }
}

/** Whether a path is a file (links followed); false for anything that cannot be read. */
export function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}
