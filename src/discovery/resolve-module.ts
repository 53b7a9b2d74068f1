import path from 'node:path';
import { createPathsMatcher, type TsConfigResult } from 'get-tsconfig';
import { findTsconfig, readTsconfig, tsconfigDiagnostic } from '../config/read-tsconfig.js';
import type { Diagnostic } from '../core/diagnostic.js';
import { sha256 } from '../core/hash.js';

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
  /** Changes when path aliases change: per-file facts depend on it. */
  readonly contextHash: string;
  /** The project's tsconfig.json could not be read (an `extends` that is not there): resolution uses the defaults. */
  readonly problem?: Diagnostic;
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

export function isSdkModule(specifier: string): boolean {
  return specifier === SDK_MODULE || specifier.startsWith(`${SDK_MODULE}/`);
}

/**
 * Resolves specifiers the way TypeScript's bundler/NodeNext resolution would for project files:
 * relative paths (with or without extension, `.js` naming `.ts`, folder index files) and the
 * `paths` aliases of the project's tsconfig.json. Only files in `files` (the scanned set) count.
 */
export function createModuleResolver(root: string, files: ReadonlySet<string>): ModuleResolver {
  const { tsconfig, problem } = projectTsconfig(root);
  const matchPaths = tsconfig ? createPathsMatcher(tsconfig) : null;
  const options = tsconfig?.config.compilerOptions;
  const contextHash = sha256(JSON.stringify({ paths: options?.paths ?? null, baseUrl: options?.baseUrl ?? null }));

  const findFile = (absoluteBase: string): string | undefined => {
    const base = path.relative(root, absoluteBase).split(path.sep).join('/');
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
    return candidates.find((candidate) => files.has(candidate));
  };

  const aliasTargets = (specifier: string): string[] => (matchPaths ? matchPaths(specifier) : []);
  const resolved = new Map<string, ModuleTarget>();

  return {
    contextHash,
    ...(problem ? { problem } : {}),
    isCandidateModule(specifier) {
      return isSdkModule(specifier) || specifier.startsWith('.') || specifier.startsWith('/') || aliasTargets(specifier).length > 0;
    },
    resolve(fromFile, specifier) {
      if (isSdkModule(specifier)) return { kind: 'sdk' };
      // The answer depends only on the importing file's folder: files of one folder share it.
      const relative = specifier.startsWith('.');
      const key = relative ? `${fromFile.slice(0, fromFile.lastIndexOf('/') + 1)}\0${specifier}` : specifier;
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
      const file = findFile(base);
      return file ? { kind: 'project', file } : { kind: 'missing', module: specifier };
    }
    const aliases = aliasTargets(specifier);
    for (const candidate of aliases) {
      const file = findFile(candidate);
      if (file) return { kind: 'project', file };
    }
    return aliases.length > 0 ? { kind: 'missing', module: specifier } : { kind: 'external', module: specifier };
  }
}
