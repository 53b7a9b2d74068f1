import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from '../core/diagnostic.js';
import type { PackageTsconfig, ProjectLayout, ProjectPackage } from './project-config.js';
import { isFile, readManifest, readRootPackage, readWorkspace, type Workspace, type WorkspacePackage } from './read-workspace.js';

/**
 * The project's packages: with a workspace at the root, each package with its own tsconfig.json
 * (read once here: its `include` decides the package's sources, its `paths`, `rootDir` and `outDir`
 * how imports of it resolve); without one, the projects a solution-style root tsconfig.json
 * references (`"references": [{ "path": "./packages/tools" }]`) the same way; otherwise the root
 * package.json alone. Reads files only.
 */
export async function readProjectLayout(root: string): Promise<ProjectLayout> {
  const rootPackage = readRootPackage(root);
  const workspace = (await readWorkspace(root)) ?? (await referencedProjects(root));
  if (!workspace) return { packages: rootPackage ? [rootPackage] : [], problems: [] };
  const problems = [...workspace.problems];
  const packages: ProjectPackage[] = rootPackage ? [rootPackage] : [];
  for (const pkg of workspace.packages) {
    const tsconfig = await packageTsconfig(path.join(root, pkg.folder));
    if (tsconfig?.problem) {
      const { tsconfigDiagnostic } = await import('./read-tsconfig.js');
      const where = existsSync(path.join(root, pkg.folder, 'src')) ? `${pkg.folder}/src` : pkg.folder;
      problems.push({ ...tsconfigDiagnostic(tsconfig.problem, `the package's sources default to ${where} and its imports resolve without its paths aliases`), file: `${pkg.folder}/tsconfig.json` });
    }
    packages.push(tsconfig ? { ...pkg, tsconfig } : pkg);
  }
  return { packages, workspace: { from: workspace.from }, problems };
}

/** The projects the root tsconfig.json references, as a workspace of packages (named by their package.json, else their folder). */
async function referencedProjects(root: string): Promise<Workspace | undefined> {
  const file = path.join(root, 'tsconfig.json');
  if (!existsSync(file)) return undefined;
  const { readTsconfig } = await import('./read-tsconfig.js');
  const config = readTsconfig(file).config;
  // A solution-style config (`"files": []`, or `"include": []`) only gathers its references; one with sources of its own merely depends on them.
  const solution = (Array.isArray(config?.files) && config.files.length === 0) || (Array.isArray(config?.include) && config.include.length === 0);
  const references = solution ? (config?.references ?? []) : [];
  if (references.length === 0) return undefined;
  const packages: WorkspacePackage[] = [];
  const problems: Diagnostic[] = [];
  for (const reference of references) {
    const target = path.resolve(root, reference.path);
    const folder = path.relative(root, /\.json$/.test(target) ? path.dirname(target) : target).split(path.sep).join('/');
    if (folder === '' || folder.startsWith('..') || path.isAbsolute(folder)) continue;
    if (!isFile(path.join(root, folder, 'tsconfig.json'))) {
      problems.push({ code: 'workspace-invalid', severity: 'warn', message: `tsconfig.json references ${reference.path}, which has no tsconfig.json`, hint: 'Fix the reference, or remove it.', file: 'tsconfig.json' });
      continue;
    }
    const manifest = isFile(path.join(root, folder, 'package.json')) ? readManifest(path.join(root, folder, 'package.json')) : undefined;
    const read = manifest && !('problem' in manifest) ? manifest : { dependencies: [] };
    const named = typeof read.name === 'string' && read.name !== '';
    if (!packages.some((pkg) => pkg.folder === folder)) packages.push({ name: named ? read.name! : folder, named, folder, manifest: read });
  }
  if (packages.length === 0) return undefined;
  return { from: 'tsconfig.json', packages: packages.sort((a, b) => (a.folder < b.folder ? -1 : 1)), problems };
}

async function packageTsconfig(folder: string): Promise<PackageTsconfig | undefined> {
  const file = path.join(folder, 'tsconfig.json');
  if (!existsSync(file)) return undefined;
  const { readTsconfig } = await import('./read-tsconfig.js');
  return readTsconfig(file);
}
