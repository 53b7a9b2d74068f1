import path from 'node:path';
import { createPathsMatcher, type TsConfigResult } from 'get-tsconfig';
import { findTsconfig, readTsconfig, tsconfigDiagnostic } from '../config/read-tsconfig.js';
import type { Diagnostic } from '../core/diagnostic.js';
import { sha256 } from '../core/hash.js';
import type { ProjectLayout, ProjectPackage } from '../config/project-config.js';
import type { NodePackage } from '../core/node.js';
import { type PackageImport, packageOfSpecifier, resolvePackageImport, sourceOf } from './resolve-package.js';

/** Where an import specifier leads. */
export type ModuleTarget =
  | { kind: 'sdk' }
  | { kind: 'project'; file: string }
  | { kind: 'external'; module: string }
  | { kind: 'missing'; module: string };

export interface ModuleResolver {
  resolve(fromFile: string, specifier: string): ModuleTarget;
  /** Whether a callee imported from this specifier could be an SDK factory (cheap, no file needed). */
  isCandidateModule(specifier: string): boolean;
  /** Changes when path aliases or workspace package names change: per-file facts depend on it. */
  readonly contextHash: string;
  /** Changes with anything that decides where imports lead or which package a file is in: linked results depend on it. */
  readonly linkHash: string;
  /** The project's tsconfig.json could not be read (an `extends` that is not there): resolution uses the defaults. */
  readonly problem?: Diagnostic;
  /** The package a project file belongs to (the deepest package folder holding it). */
  packageOf(file: string): NodePackage | undefined;
  /** Imports of workspace packages that could not be followed to a source file, one warning per package and subpath, so far. */
  packageProblems(): Diagnostic[];
}

export const SDK_MODULE = 'composable-agents';

const SOURCE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];
/** ESM TypeScript imports name the emitted file (`./x.js`) for the source `./x.ts`. */
const EMITTED_TO_SOURCE: Record<string, string[]> = {
  '.js': ['.ts', '.tsx'],
  '.jsx': ['.tsx'],
  '.mjs': ['.mts'],
  '.cjs': ['.cts'],
};

/**
 * The nearest tsconfig.json at or above the project, if it reads. One that does not (its `extends`
 * names a file that is not there, as in an example checked out without its monorepo's parent, or
 * its JSON is broken) is a warning, and discovery goes on with the defaults: it only needs
 * tsconfig here for `paths` aliases.
 */
function projectTsconfig(root: string): { tsconfig: TsConfigResult | null; problem?: Diagnostic } {
  const file = findTsconfig(root);
  if (!file) return { tsconfig: null };
  const reading = readTsconfig(file);
  if (reading.problem) return { tsconfig: null, problem: tsconfigDiagnostic(reading.problem, 'imports resolve without its paths aliases') };
  return { tsconfig: { path: reading.path, config: reading.config } };
}

/**
 * The files a path without its source extension may be, in TypeScript's order: `x.js` naming
 * `x.ts`, `x` naming `x.ts`…, then a folder's index file. Project-relative, forward slashes.
 */
export function sourceCandidates(base: string): string[] {
  const extension = path.posix.extname(base);
  const candidates: string[] = [];
  if (SOURCE_EXTENSIONS.includes(extension)) {
    const stem = base.slice(0, -extension.length);
    for (const sourceExtension of EMITTED_TO_SOURCE[extension] ?? []) candidates.push(stem + sourceExtension);
    candidates.push(base);
  } else {
    for (const sourceExtension of SOURCE_EXTENSIONS) candidates.push(base + sourceExtension);
  }
  for (const sourceExtension of SOURCE_EXTENSIONS) candidates.push(`${base}/index${sourceExtension}`);
  return candidates;
}

export function isSdkModule(specifier: string): boolean {
  return specifier === SDK_MODULE || specifier.startsWith(`${SDK_MODULE}/`);
}

/**
 * Resolves specifiers the way TypeScript's bundler/NodeNext resolution would for project files:
 * relative paths (with or without extension, `.js` naming `.ts`, folder index files), the `paths`
 * aliases of the tsconfig.json of the importing file's package (else the project's), and imports of
 * a workspace's packages by name (resolve-package.ts). Only files in `files` (the scanned set) count.
 */
export function createModuleResolver(root: string, files: ReadonlySet<string>, layout: ProjectLayout = { packages: [], problems: [] }): ModuleResolver {
  const { tsconfig, problem } = projectTsconfig(root);
  const matchPaths = tsconfig ? createPathsMatcher(tsconfig) : null;
  const options = tsconfig?.config.compilerOptions;
  // Deepest folder first: a file belongs to the innermost package holding it.
  const packages = [...layout.packages].sort((a, b) => b.folder.length - a.folder.length);
  const byName = new Map<string, ProjectPackage>();
  for (const pkg of layout.packages) if (pkg.named && pkg.folder !== '.' && !byName.has(pkg.name)) byName.set(pkg.name, pkg);
  const packageMatchers = new Map(packages.map((pkg) => [pkg, pkg.tsconfig?.config?.compilerOptions?.paths ? createPathsMatcher({ path: pkg.tsconfig.path, config: pkg.tsconfig.config }) : null]));
  // Facts depend on which specifiers may lead into the project (aliases, package names); linked results on everything that decides where they lead, and on each package's name and version.
  const contextHash = sha256(JSON.stringify({ paths: options?.paths ?? null, baseUrl: options?.baseUrl ?? null, ...(byName.size > 0 ? { packages: [...byName.keys()].sort(), own: [...packageMatchers.keys()].map((pkg) => pkg.tsconfig?.config?.compilerOptions?.paths ?? null) } : {}) }));
  const linkHash = sha256(
    JSON.stringify([
      contextHash,
      layout.packages.map((pkg) => {
        const own = pkg.tsconfig?.config?.compilerOptions;
        return [pkg.name, pkg.folder, pkg.manifest.version ?? null, pkg.manifest.exports ?? null, pkg.manifest.types ?? null, pkg.manifest.module ?? null, pkg.manifest.main ?? null, own?.paths ?? null, own?.baseUrl ?? null, own?.rootDir ?? null, own?.outDir ?? null, own?.declarationDir ?? null];
      }),
    ]),
  );
  const problems = new Map<string, Diagnostic>();

  const findFile = (absoluteBase: string): string | undefined => findRelative(path.relative(root, absoluteBase).split(path.sep).join('/'));
  const findRelative = (base: string): string | undefined => sourceCandidates(base).find((candidate) => files.has(candidate));

  // Asked for every import and every node: remembered per file, not a scan of the packages each time.
  const packageByFile = new Map<string, ProjectPackage | undefined>();
  const packageOfFile = (file: string): ProjectPackage | undefined => {
    if (packageByFile.has(file)) return packageByFile.get(file);
    const pkg = packages.find((candidate) => candidate.folder === '.' || file.startsWith(`${candidate.folder}/`));
    packageByFile.set(file, pkg);
    return pkg;
  };
  // A package's own tsconfig paths (inheriting the root's through `extends`) win over the root's.
  const matcherFor = (fromFile: string) => {
    const pkg = packageOfFile(fromFile);
    return (pkg && pkg.folder !== '.' ? packageMatchers.get(pkg) : undefined) ?? matchPaths;
  };
  const aliasTargets = (fromFile: string | undefined, specifier: string): string[] => {
    if (fromFile !== undefined) return matcherFor(fromFile)?.(specifier) ?? [];
    return [matchPaths, ...packageMatchers.values()].some((match) => match !== null && match(specifier).length > 0) ? [specifier] : [];
  };
  const resolved = new Map<string, ModuleTarget>();
  // An import by package name leads to the same file from every package (only `paths` aliases differ per package, and they are tried first).
  const packageImports = new Map<string, PackageImport>();

  return {
    contextHash,
    linkHash,
    ...(problem ? { problem } : {}),
    isCandidateModule(specifier) {
      return isSdkModule(specifier) || specifier.startsWith('.') || specifier.startsWith('/') || aliasTargets(undefined, specifier).length > 0 || packageOfSpecifier(byName, specifier) !== undefined;
    },
    packageOf(file) {
      const pkg = packageOfFile(file);
      if (!pkg) return undefined;
      const found: NodePackage = { name: pkg.name, folder: pkg.folder };
      if (pkg.manifest.version !== undefined) found.version = pkg.manifest.version;
      if (pkg.external) found.external = true;
      return found;
    },
    packageProblems() {
      return [...problems.values()];
    },
    resolve(fromFile, specifier) {
      if (isSdkModule(specifier)) return { kind: 'sdk' };
      // The answer depends only on the importing file's folder (relative) or package (aliases): files of one folder share it.
      const relative = specifier.startsWith('.');
      const key = relative ? `${fromFile.slice(0, fromFile.lastIndexOf('/') + 1)}\0${specifier}` : `${packageOfFile(fromFile)?.folder ?? ''}\0${specifier}`;
      let target = resolved.get(key);
      if (!target) {
        target = resolveUncached(fromFile, specifier);
        resolved.set(key, target);
      }
      return target;
    },
  };

  function resolveUncached(fromFile: string, specifier: string): ModuleTarget {
    if (specifier.startsWith('.') || specifier.startsWith('/')) {
      const base = specifier.startsWith('/') ? specifier : path.join(root, path.dirname(fromFile), specifier);
      const file = findFile(base) ?? builtToSource(base);
      return file ? { kind: 'project', file } : { kind: 'missing', module: specifier };
    }
    const aliases = aliasTargets(fromFile, specifier);
    for (const candidate of aliases) {
      const file = findFile(candidate) ?? builtToSource(candidate);
      if (file) return { kind: 'project', file };
    }
    if (aliases.length > 0) return { kind: 'missing', module: specifier };
    const named = packageOfSpecifier(byName, specifier);
    if (!named) return { kind: 'external', module: specifier };
    let found = packageImports.get(specifier);
    if (!found) {
      found = resolvePackageImport(named.pkg, named.subpath, findRelative);
      packageImports.set(specifier, found);
    }
    if ('file' in found) return { kind: 'project', file: found.file };
    const where = `${named.pkg.folder}/package.json`;
    if (!problems.has(`${where}\0${named.subpath}`)) {
      problems.set(`${where}\0${named.subpath}`, {
        code: 'workspace-invalid',
        severity: 'warn',
        message: `the import ${specifier} (in ${fromFile}) cannot be followed to a source file: ${found.problem}`,
        hint: 'Point its "exports" (or "types"/"main") at the source, or give the package a tsconfig.json with rootDir and outDir; ca never reads node_modules links for a workspace package.',
        file: where,
      });
    }
    return { kind: 'missing', module: specifier };
  }

  /** A path into a package's build output (a project reference's `../tools/dist/x.js`), read as the source it was built from. */
  function builtToSource(absoluteBase: string): string | undefined {
    const relative = path.relative(root, absoluteBase).split(path.sep).join('/');
    const pkg = packageOfFile(relative);
    if (!pkg || pkg.folder === '.') return undefined;
    return sourceOf(pkg, `./${path.posix.relative(pkg.folder, relative)}`, findRelative);
  }
}
