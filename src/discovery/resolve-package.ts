import path from 'node:path';
import { resolveExports } from 'resolve-pkg-maps';
import type { ProjectPackage } from '../config/project-config.js';

/**
 * Conditions tried for an `exports` entry, each on its own, in this order: what points at source
 * first (`source`, `development`, `types`), then what points at built files (mapped back to source
 * through the package's tsconfig). `default` always matches too.
 */
const CONDITIONS = ['source', 'development', 'types', 'import', 'module', 'node', 'require'];
/** Where packages emit to when their tsconfig does not say (`outDir`), and where their sources then are. */
const USUAL_OUT_DIRS = ['dist', 'build', 'lib', 'out'];
const USUAL_ROOT_DIRS = ['src', '.'];
const DECLARATION = /\.d\.([mc]?)ts$/;

/** A project-relative path (no extension, `.js` naming `.ts`, a folder's index) → the source file, if scanned. */
export type FindFile = (base: string) => string | undefined;

export type PackageImport = { file: string } | { problem: string };

/** Which package an import names, and the subpath after its name (`@acme/tools/billing` → `billing`). */
export function packageOfSpecifier(packages: ReadonlyMap<string, ProjectPackage>, specifier: string): { pkg: ProjectPackage; subpath: string } | undefined {
  const parts = specifier.split('/');
  const nameLength = specifier.startsWith('@') ? 2 : 1;
  const name = parts.slice(0, nameLength).join('/');
  const pkg = packages.get(name);
  return pkg ? { pkg, subpath: parts.slice(nameLength).join('/') } : undefined;
}

/**
 * An import of a workspace package, statically, as the package itself says (`exports` with its
 * conditions, else `types`, `module`, `main`, else its folder), followed back to the source file in
 * the repository: a target under the package's `outDir` (from its tsconfig, else dist/build/lib/out)
 * is looked for under its `rootDir` (else src/, else the package folder), and a declaration file
 * stands for its source. The workspace link in node_modules is never needed.
 */
export function resolvePackageImport(pkg: ProjectPackage, subpath: string, findFile: FindFile): PackageImport {
  const targets: string[] = [];
  const exports = pkg.manifest.exports;
  if (exports !== undefined) {
    let invalid: string | undefined;
    const named = conditionsNamed(exports);
    // A condition the exports never name matches only what `default` does: one answer for all of them.
    let unnamed: { targets: string[] } | { error: unknown } | undefined;
    for (const condition of CONDITIONS) {
      const outcome = named.has(condition) ? exportsFor(exports, subpath, condition) : (unnamed ??= exportsFor(exports, subpath, condition));
      if ('targets' in outcome) {
        for (const target of outcome.targets) if (!targets.includes(target)) targets.push(target);
      } else {
        const code = (outcome.error as { code?: string }).code;
        if (code === 'ERR_INVALID_PACKAGE_CONFIG' || code === 'ERR_INVALID_PACKAGE_TARGET') invalid = (outcome.error as Error).message.replace(/^\[[A-Z_]+\]: /, '');
      }
    }
    if (targets.length === 0) {
      return { problem: invalid ?? `its "exports" do not export ${subpath === '' ? 'the package root' : `./${subpath}`}` };
    }
  } else if (subpath === '') {
    for (const field of [pkg.manifest.types, pkg.manifest.module, pkg.manifest.main, './index']) if (field !== undefined) targets.push(field);
  } else {
    targets.push(`./${subpath}`);
  }
  for (const target of targets) {
    const file = sourceOf(pkg, target, findFile);
    if (file) return { file };
  }
  const shown = targets.map((target) => path.posix.join(pkg.folder, target)).join(', ');
  return { problem: `it leads to ${shown}, which ca cannot map back to a source file (no tsconfig rootDir/outDir, or the file is not among the sources)` };
}

function exportsFor(exports: unknown, subpath: string, condition: string): { targets: string[] } | { error: unknown } {
  try {
    return { targets: resolveExports(exports as Parameters<typeof resolveExports>[0], subpath, [condition]) };
  } catch (error) {
    return { error };
  }
}

const namedConditions = new WeakMap<object, Set<string>>();
/** Every condition an `exports` value names, at any depth (its keys that are not subpaths). */
function conditionsNamed(exports: unknown): Set<string> {
  if (exports === null || typeof exports !== 'object') return new Set();
  let names = namedConditions.get(exports);
  if (!names) {
    names = new Set();
    const visit = (value: unknown): void => {
      if (value === null || typeof value !== 'object') return;
      if (Array.isArray(value)) return value.forEach(visit);
      for (const [key, inner] of Object.entries(value)) {
        if (!key.startsWith('.')) names!.add(key);
        visit(inner);
      }
    };
    visit(exports);
    namedConditions.set(exports, names);
  }
  return names;
}

/**
 * A file a package points at (`./dist/billing.js`, `./dist/index.d.ts`, `./src/index.ts`), as the
 * source file discovery reads: itself, the source a declaration stands for, or the same path under
 * the package's rootDir when it is under its outDir.
 */
export function sourceOf(pkg: ProjectPackage, target: string, findFile: FindFile): string | undefined {
  const relative = path.posix.normalize(path.posix.join(pkg.folder, target));
  const direct = findSource(relative, findFile);
  if (direct) return direct;
  const options = pkg.tsconfig?.config?.compilerOptions;
  const configured = (dir: string | undefined): string[] => (dir === undefined ? [] : [path.posix.normalize(path.relative(packageDir(pkg), dir).split(path.sep).join('/'))]);
  const outDirs = [...configured(absoluteFrom(pkg, options?.outDir)), ...configured(absoluteFrom(pkg, options?.declarationDir)), ...USUAL_OUT_DIRS];
  const rootDirs = [...configured(absoluteFrom(pkg, options?.rootDir)), ...USUAL_ROOT_DIRS];
  const inPackage = path.posix.relative(pkg.folder, relative);
  for (const outDir of new Set(outDirs)) {
    if (outDir === '.' || (inPackage !== outDir && !inPackage.startsWith(`${outDir}/`))) continue;
    const rest = inPackage.slice(outDir.length);
    for (const rootDir of new Set(rootDirs)) {
      const found = findSource(path.posix.normalize(path.posix.join(pkg.folder, rootDir, rest)), findFile);
      if (found) return found;
    }
  }
  return undefined;
}

/** A path, or the source its declaration file (`x.d.ts`) stands for. */
function findSource(relative: string, findFile: FindFile): string | undefined {
  const declaration = DECLARATION.exec(relative);
  if (declaration) return findFile(relative.slice(0, declaration.index));
  return findFile(relative);
}

/** The absolute folder a package's tsconfig names (get-tsconfig leaves the package's own paths as written). */
function absoluteFrom(pkg: ProjectPackage, dir: string | undefined): string | undefined {
  if (dir === undefined || !pkg.tsconfig?.config) return undefined;
  return path.resolve(path.dirname(pkg.tsconfig.path), dir);
}

/** A package's folder, absolute, from its tsconfig path (the only absolute path a package carries). */
function packageDir(pkg: ProjectPackage): string {
  return path.dirname(pkg.tsconfig!.path);
}
