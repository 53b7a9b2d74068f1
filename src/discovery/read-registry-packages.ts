import path from 'node:path';
import { globSync } from 'tinyglobby';
import type { Diagnostic } from '../core/diagnostic.js';
import type { ProjectLayout, ProjectPackage } from '../config/project-config.js';
import { isFile, readManifest, safeRealpath } from '../config/read-workspace.js';
import { sourceCandidates } from './resolve-module.js';
import { resolvePackageImport } from './resolve-package.js';

const SDK_PACKAGE = 'composable-agents';
/** What a published package's definitions may be written in; declarations, tests and nested installs are not read. */
const PACKAGE_SOURCES = '**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}';
const NOT_SOURCES = ['**/node_modules/**', '**/*.d.ts', '**/*.d.mts', '**/*.d.cts', '**/*.test.*', '**/*.spec.*', '**/__tests__/**', '**/*.min.js'];
/** A package this large is not a library of a few tools: it is left out, with a warning. */
const MAX_FILES = 1000;

/**
 * Dependencies installed from a registry that define ca nodes (a team's shared tools published as
 * a package): the dependencies of the project's packages, found in node_modules the way Node finds
 * them, whose package.json depends on composable-agents. A workspace link is not one of them (its
 * package is scanned as source). Each gets the files discovery reads: those under the folder its
 * entry point is in (`dist/`, or the source its tsconfig leads back to). Reads files only.
 */
export function readRegistryPackages(root: string, packages: readonly ProjectPackage[]): { packages: ProjectPackage[]; problems: Diagnostic[] } {
  const own = new Set(packages.map((pkg) => pkg.name));
  const found = new Map<string, ProjectPackage>();
  const problems: Diagnostic[] = [];
  // Installs already looked at and found not to define nodes: the packages of a workspace share most dependencies.
  const passed = new Set<string>();
  for (const declaring of packages) {
    for (const name of declaring.manifest.dependencies) {
      if (name === SDK_PACKAGE || own.has(name) || found.has(name)) continue;
      const folder = installedFolder(path.join(root, declaring.folder), name);
      if (!folder || passed.has(folder)) continue;
      passed.add(folder);
      const manifest = readManifest(path.join(folder, 'package.json'));
      if ('problem' in manifest || !manifest.dependencies.includes(SDK_PACKAGE)) continue;
      // Only what a registry installed: a workspace link leads out of node_modules.
      const real = safeRealpath(folder);
      if (real === undefined || !real.split(path.sep).includes('node_modules')) continue;
      const relative = path.relative(root, folder).split(path.sep).join('/');
      const pkg: ProjectPackage = { name, named: true, folder: relative, manifest, external: true, files: [] };
      const entry = resolvePackageImport(pkg, '', (base) => sourceCandidates(base).find((candidate) => isFile(path.join(root, candidate))));
      if ('problem' in entry) {
        problems.push(warning(`${relative}/package.json`, `the dependency ${name} depends on composable-agents, but its entry point cannot be read: ${entry.problem}`, 'Its nodes are not in the graph; uses of them are unresolved.'));
        continue;
      }
      const inside = path.posix.relative(relative, entry.file);
      const top = inside.includes('/') ? inside.slice(0, inside.indexOf('/')) : '';
      const files = globSync(top === '' ? PACKAGE_SOURCES : `${top}/${PACKAGE_SOURCES}`, { cwd: folder, ignore: NOT_SOURCES, onlyFiles: true, followSymbolicLinks: false, expandDirectories: false });
      if (files.length > MAX_FILES) {
        problems.push(warning(`${relative}/package.json`, `the dependency ${name} depends on composable-agents but ships ${files.length} files under ${top || 'its folder'}: more than ${MAX_FILES}, so it is not read`, 'Publish the definitions in a smaller package.'));
        continue;
      }
      pkg.files = files.map((file) => `${relative}/${file}`).sort();
      found.set(name, pkg);
    }
  }
  return { packages: [...found.values()].sort((a, b) => (a.name < b.name ? -1 : 1)), problems };
}

/** The layout with the registry dependencies that define nodes added as external packages, and what did not read. */
export function withRegistryPackages(root: string, layout: ProjectLayout): ProjectLayout {
  const registry = readRegistryPackages(root, layout.packages);
  if (registry.packages.length === 0 && registry.problems.length === 0) return layout;
  return { ...layout, packages: [...layout.packages, ...registry.packages], problems: [...layout.problems, ...registry.problems] };
}

/** Where Node would find `name` from `dir`: the nearest node_modules/<name> with a package.json, walking up. */
function installedFolder(dir: string, name: string): string | undefined {
  for (let current = dir; ; current = path.dirname(current)) {
    const candidate = path.join(current, 'node_modules', name);
    if (isFile(path.join(candidate, 'package.json'))) return candidate;
    if (path.dirname(current) === current) return undefined;
  }
}

function warning(file: string, message: string, hint: string): Diagnostic {
  return { code: 'workspace-invalid', severity: 'warn', message, hint, file };
}
