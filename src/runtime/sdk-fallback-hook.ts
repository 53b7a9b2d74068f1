// A Node module-resolution hook (module.register), run on the loader thread. A project that has
// not installed `composable-agents` (an example folder, a fresh checkout before `npm install`)
// still resolves it: to the SDK of the ca that is running. An installed copy always wins.
// In a workspace, an import of one of its packages by name runs that package's source, found the
// way discovery finds it (so the code that runs is the code the graph fingerprints, built or not).
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createPathsMatcher } from 'get-tsconfig';
import type { ProjectPackage } from '../config/project-config.js';
import { readProjectLayout } from '../config/read-project-layout.js';
import { isFile } from '../config/read-workspace.js';
import { sourceCandidates } from '../discovery/resolve-module.js';
import { packageOfSpecifier, resolvePackageImport } from '../discovery/resolve-package.js';

interface ResolveContext {
  conditions: string[];
  importAttributes: Record<string, string>;
  parentURL?: string;
}
type NextResolve = (specifier: string, context: ResolveContext) => Promise<{ url: string; format?: string | null }>;

let sdkUrl = '';
let root = '';
let workspacePackages = new Map<string, ProjectPackage>();
/** Packages with their own tsconfig `paths`, deepest folder first: tsx reads only the project's tsconfig. */
let aliasedPackages: { folder: string; match: (specifier: string) => string[] }[] = [];

export async function initialize(data: { sdkUrl: string; root?: string }): Promise<void> {
  sdkUrl = data.sdkUrl;
  // The project may be the workspace, or one package of it (ca run inside packages/agents): its
  // imports of the other packages run their source either way.
  for (let dir = data.root; dir !== undefined; dir = path.dirname(dir) === dir ? undefined : path.dirname(dir)) {
    if (!isFile(path.join(dir, 'package.json')) && !isFile(path.join(dir, 'pnpm-workspace.yaml'))) continue;
    const layout = await readProjectLayout(dir);
    if (!layout.workspace) continue;
    root = dir;
    for (const pkg of layout.packages) if (pkg.named && pkg.folder !== '.' && !workspacePackages.has(pkg.name)) workspacePackages.set(pkg.name, pkg);
    aliasedPackages = layout.packages
      .filter((pkg) => pkg.folder !== '.' && pkg.tsconfig?.config?.compilerOptions?.paths)
      .map((pkg) => ({ folder: pkg.folder, match: createPathsMatcher({ path: pkg.tsconfig!.path, config: pkg.tsconfig!.config! })! }))
      .sort((a, b) => b.folder.length - a.folder.length);
    return;
  }
}

export async function resolve(specifier: string, context: ResolveContext, nextResolve: NextResolve) {
  const source = workspaceSource(specifier) ?? aliasSource(specifier, context.parentURL);
  if (source) return { url: pathToFileURL(source).href, shortCircuit: true };
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    if (specifier === 'composable-agents' && (error as { code?: string }).code === 'ERR_MODULE_NOT_FOUND' && sdkUrl) {
      return { url: sdkUrl, format: 'module', shortCircuit: true };
    }
    throw error;
  }
}

/** The source file a workspace package import leads to, absolute; undefined for anything else. */
function workspaceSource(specifier: string): string | undefined {
  if (workspacePackages.size === 0 || specifier.startsWith('.') || specifier.startsWith('/') || specifier.includes(':')) return undefined;
  const named = packageOfSpecifier(workspacePackages, specifier);
  if (!named) return undefined;
  const found = resolvePackageImport(named.pkg, named.subpath, (base) => sourceCandidates(base).find((candidate) => isFile(path.join(root, candidate))));
  return 'file' in found ? path.join(root, found.file) : undefined;
}

/** The source file a `paths` alias of the importing file's own package leads to (`@/lib/policy` in packages/agents). */
function aliasSource(specifier: string, parentURL: string | undefined): string | undefined {
  if (aliasedPackages.length === 0 || parentURL === undefined || !parentURL.startsWith('file:') || specifier.startsWith('.')) return undefined;
  const from = path.relative(root, fileURLToPath(parentURL)).split(path.sep).join('/');
  const pkg = aliasedPackages.find((candidate) => from.startsWith(`${candidate.folder}/`));
  if (!pkg) return undefined;
  for (const target of pkg.match(specifier)) {
    const base = path.relative(root, target).split(path.sep).join('/');
    const found = sourceCandidates(base).find((candidate) => isFile(path.join(root, candidate)));
    if (found) return path.join(root, found);
  }
  return undefined;
}
