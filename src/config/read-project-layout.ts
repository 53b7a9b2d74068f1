import { existsSync } from 'node:fs';
import path from 'node:path';
import type { PackageTsconfig, ProjectLayout, ProjectPackage } from './project-config.js';
import { readRootPackage, readWorkspace } from './read-workspace.js';

/**
 * The project's packages: with a workspace at the root, each package with its own tsconfig.json
 * (read once here: its `include` decides the package's sources, its `paths`, `rootDir` and `outDir`
 * how imports of it resolve); otherwise the root package.json alone. Reads files only.
 */
export async function readProjectLayout(root: string): Promise<ProjectLayout> {
  const rootPackage = readRootPackage(root);
  const workspace = await readWorkspace(root);
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

async function packageTsconfig(folder: string): Promise<PackageTsconfig | undefined> {
  const file = path.join(folder, 'tsconfig.json');
  if (!existsSync(file)) return undefined;
  const { readTsconfig } = await import('./read-tsconfig.js');
  return readTsconfig(file);
}
