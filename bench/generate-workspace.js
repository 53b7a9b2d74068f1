#!/usr/bin/env node
// The project of bench/generate-module.js, the same files and so the same nodes and edges, laid out
// as an npm workspace of P packages (issue 24, bench/workspaces.js):
//
//   node bench/generate-workspace.js [flows=2000] [--out DIR] [--seed N]   → bench/.work/workspace-<N>/
//
// - `packages/shared` (`@bench/shared`): the helpers of src/lib, the schemas and src/types.ts.
// - `packages/agents-01` … (`@bench/agents-NN`, P - 1 of them): the flow folders, a few each, in
//   order, with their barrels and a root src/index.ts re-exporting them.
// - Odd-numbered agents packages and shared export into a dist/ that was never built (`.` and
//   `./*` with `types` and `import` conditions) and have a tsconfig.json (extending the root's
//   tsconfig.base.json) whose rootDir/outDir lead back to src/; even-numbered ones export their
//   src/ directly and have no tsconfig (their sources are their src/ folder).
// - Within a package files import each other as before (relative); across packages by name:
//   `@bench/agents-03` for what the one-package project takes from a folder barrel,
//   `@bench/agents-03/billing/intake/triage-invoice-0104` for a file, `@bench/shared/lib` and
//   `@bench/shared/lib/money` for the helpers. Each package.json lists the packages it imports.
// - No ca.yaml (the workspace decides the sources); node_modules/@bench/* link to the packages, as
//   npm install makes them (ca never follows them).
import path from 'node:path';
import { DEFAULT_SEED, WORK_DIR, generateModule, generatorCli, relImport } from './generate-module.js';

export const WORKSPACE_PACKAGES = 20;
const SCOPE = '@bench';

export function defaultWorkspaceOutDir(flows) {
  return path.join(WORK_DIR, `workspace-${flows}`);
}

const json = (value) => `${JSON.stringify(value, null, 2)}\n`;
const distExports = (subpaths) => Object.fromEntries(['.', ...subpaths, './*'].map((key) => {
  const target = key === '.' ? 'index' : key === './*' ? '*' : `${key.slice(2)}/index`;
  return [key, { types: `./dist/${target}.d.ts`, import: `./dist/${target}.js` }];
}));

/** A layout for generateModule: the planned files → packages, import specifiers, and the files each package needs. */
export function workspaceLayout(packageCount = WORKSPACE_PACKAGES) {
  if (!Number.isInteger(packageCount) || packageCount < 2) throw new Error(`a workspace needs at least 2 packages, got ${packageCount}`);
  return ({ files }) => {
    const folders = [...new Set(files.map((f) => f.dir))];
    const agentCount = Math.min(packageCount - 1, folders.length);
    const shared = { name: `${SCOPE}/shared`, folder: 'packages/shared', dist: true, dirs: ['src/lib'], imports: new Set() };
    const agents = Array.from({ length: agentCount }, (_, k) => {
      const id = String(k + 1).padStart(2, '0');
      return { name: `${SCOPE}/agents-${id}`, folder: `packages/agents-${id}`, dist: k % 2 === 0, dirs: [], imports: new Set() };
    });
    const byDir = new Map(folders.map((dir, f) => [dir, agents[Math.floor((f * agentCount) / folders.length)]]));
    for (const [dir, pkg] of byDir) pkg.dirs.push(dir);
    const packageOf = (logical) => (logical.startsWith('src/lib/') || logical === 'src/types.ts' ? shared : byDir.get(path.posix.dirname(logical)));
    const pathOf = (logical) => `${packageOf(logical).folder}/${logical}`;

    const importOf = (from, to) => {
      const [source, target] = [packageOf(from), packageOf(to)];
      if (source === target) return relImport(from, to);
      source.imports.add(target.name);
      if (to === 'src/lib/index.ts') return `${shared.name}/lib`;
      if (path.posix.basename(to) === 'index.ts') return target.name; // a folder barrel: the package's root re-exports it
      return `${target.name}/${to.slice('src/'.length, -'.ts'.length)}`;
    };

    const place = (out) => {
      const root = JSON.parse(out.get('package.json'));
      const placed = new Map([
        ['package.json', json({ name: root.name.replace('flows', 'workspace'), private: true, type: 'module', workspaces: ['packages/*'], dependencies: root.dependencies })],
        ['tsconfig.base.json', json({ compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, skipLibCheck: true, declaration: true } })],
        ['tsconfig.json', json({ files: [], references: [shared, ...agents].filter((pkg) => pkg.dist).map((pkg) => ({ path: `./${pkg.folder}` })) })],
      ]);
      for (const [rel, text] of out) {
        if (rel.startsWith('src/') && rel !== 'src/index.ts') placed.set(pathOf(rel), text);
      }
      for (const pkg of [shared, ...agents]) {
        const barrels = pkg === shared ? ['lib/index.js'] : pkg.dirs.map((dir) => `${dir.slice('src/'.length)}/index.js`);
        placed.set(`${pkg.folder}/src/index.ts`, `${barrels.map((barrel) => `export * from './${barrel}';`).join('\n')}\n`);
        const dependencies = { 'composable-agents': '*', zod: '^4.1.0', ...Object.fromEntries([...pkg.imports].sort().map((name) => [name, '*'])) };
        const exports = pkg.dist ? distExports(pkg === shared ? ['./lib'] : []) : { '.': './src/index.ts', './*': './src/*.ts' };
        placed.set(`${pkg.folder}/package.json`, json({ name: pkg.name, version: '1.0.0', type: 'module', exports, dependencies }));
        if (pkg.dist) {
          placed.set(`${pkg.folder}/tsconfig.json`, json({ extends: '../../tsconfig.base.json', compilerOptions: { rootDir: 'src', outDir: 'dist', composite: true }, include: ['src'] }));
        }
      }
      return placed;
    };

    // Edges between packages: tools borrowed and sub-flows called from a file of another package.
    const crossPackageUses = files.reduce((n, f) => n + [...f.borrowed.map((b) => b.from), ...(f.subflow ? [f.subflow] : [])].filter((from) => packageOf(from.path) !== packageOf(f.path)).length, 0);
    const meta = {
      workspace: {
        packages: 1 + agents.length,
        distPackages: [shared, ...agents].filter((pkg) => pkg.dist).length,
        crossPackageUses,
      },
    };
    const links = [shared, ...agents].map((pkg) => [`node_modules/${pkg.name}`, pkg.folder]);
    return { importOf, place, pathOf, meta, links };
  };
}

/** The project of generateModule({ flows, seed }) as a workspace of `packages` packages. */
export function generateWorkspace({ flows = 2000, outDir = defaultWorkspaceOutDir(flows), seed = DEFAULT_SEED, packages = WORKSPACE_PACKAGES } = {}) {
  return generateModule({ flows, outDir, seed, caYaml: false, layout: workspaceLayout(packages) });
}

generatorCli(import.meta.url, {
  script: 'generate-workspace.js',
  sizeKey: 'flows',
  generate: generateWorkspace,
  describe: (meta) => `${meta.counts.flows} flows, ${meta.counts.tools} tools, ${meta.counts.reasoners} reasoners in ${meta.workspace.packages} packages (${meta.workspace.crossPackageUses} uses across packages)`,
});
