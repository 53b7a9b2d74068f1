import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProjectConfig } from '../../src/config/load-config.js';
import { listSourceFiles, sourceFileFilter } from '../../src/discovery/list-source-files.js';
import { tempDir } from '../helpers/temp-project.js';

/** Every file under root, as git's tree would list it (node_modules and build outputs included). */
function everyFile(root: string, dir = ''): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = dir ? `${dir}/${entry.name}` : entry.name;
    return entry.isDirectory() ? everyFile(root, relative) : [relative];
  });
}

const LAYOUT = [
  'src/tickets/lookup.ts', 'src/tickets/lookup.test.ts', 'src/tickets/view.tsx', 'src/tickets/types.d.ts', 'src/generated/client.ts',
  'src/__tests__/refunds.ts', 'src/refunds/README.md', 'lib/invoices.mts', 'lib/build/plan.ts', 'main.ts', 'agents.ts',
  'test/support.ts', 'tests/e2e.ts', 'e2e/desk.spec.ts', 'examples/demo.ts', 'out/main.js', 'coverage/lcov.js',
  'dist/index.js', 'node_modules/zod/index.js', '.mastra/output/index.mjs', 'scripts/seed.cjs',
];

describe('the source rule is one rule for the disk and for a git tree', () => {
  it.each([
    ['tsconfig include with a glob, files, exclude and outDir', { 'tsconfig.json': '{ "include": ["src", "lib/**/*"], "files": ["main.ts"], "exclude": ["src/generated"], "compilerOptions": { "outDir": "lib/build" } }' }],
    ['a tsconfig without include', { 'tsconfig.json': '{ "exclude": ["examples"] }' }],
    ['src/ and no tsconfig', {}],
    ['ca.yaml src and exclude', { 'ca.yaml': "src: [src, tests]\nexclude: ['**/*.tsx']\n" }],
  ])('%s: listing the disk and filtering every path agree', async (_label, settings: Record<string, string>) => {
    const root = tempDir('ca-source-rule-');
    for (const file of [...LAYOUT, ...Object.keys(settings)]) {
      mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      writeFileSync(path.join(root, file), settings[file] ?? '// source\n');
    }
    const config = await loadProjectConfig({ project: root });
    const listed = listSourceFiles(root, config.sources);
    expect(listed.length).toBeGreaterThan(0);
    expect(everyFile(root).filter(sourceFileFilter(config.sources)).sort()).toEqual(listed);
  });

  it('what the tsconfig names, and nothing it leaves out', async () => {
    const root = tempDir('ca-source-rule-');
    for (const file of LAYOUT) {
      mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      writeFileSync(path.join(root, file), '// source\n');
    }
    writeFileSync(path.join(root, 'tsconfig.json'), '{ "include": ["src", "lib/**/*"], "files": ["main.ts"], "exclude": ["src/generated"], "compilerOptions": { "outDir": "lib/build" } }');
    const config = await loadProjectConfig({ project: root });
    expect(listSourceFiles(root, config.sources)).toEqual(['lib/invoices.mts', 'main.ts', 'src/tickets/lookup.ts', 'src/tickets/view.tsx']);
    expect(config.src).toEqual(['.']);
    rmSync(path.join(root, 'tsconfig.json'));
    const withoutTsconfig = await loadProjectConfig({ project: root });
    expect(withoutTsconfig.sources.from).toBe('src folder');
    expect(listSourceFiles(root, withoutTsconfig.sources)).toEqual(['src/generated/client.ts', 'src/tickets/lookup.ts', 'src/tickets/view.tsx']);
  });

  it('a workspace lists each package by its own rule, as listing them one include at a time does', async () => {
    const root = tempDir('ca-source-rule-');
    const files: Record<string, string> = { 'package.json': '{ "name": "desk", "workspaces": ["packages/*"] }' };
    for (const name of ['billing', 'support', 'refunds', 'shipping']) {
      files[`packages/${name}/package.json`] = `{ "name": "@desk/${name}" }`;
      for (const file of ['src/tickets.ts', 'src/tickets.test.ts', 'src/generated/client.ts', 'dist/tickets.js', 'lib/claims.ts', 'lib/build/claims.js']) files[`packages/${name}/${file}`] = '// source\n';
    }
    // Two read their tsconfig (lib, not src; outDir inside it), one leaves out a folder, one has none.
    for (const name of ['refunds', 'shipping']) files[`packages/${name}/tsconfig.json`] = '{ "include": ["lib"], "compilerOptions": { "outDir": "lib/build" } }';
    files['packages/support/tsconfig.json'] = '{ "exclude": ["src/generated"] }';
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      writeFileSync(path.join(root, file), text);
    }
    const config = await loadProjectConfig({ project: root });
    const listed = listSourceFiles(root, config.sources);
    expect(listed).toEqual([
      'packages/billing/src/generated/client.ts', 'packages/billing/src/tickets.ts',
      'packages/refunds/lib/claims.ts', 'packages/shipping/lib/claims.ts', 'packages/support/src/tickets.ts',
    ]);
    const oneAtATime = config.sources.include.flatMap((include) => listSourceFiles(root, { ...config.sources, include: [include] }));
    expect([...new Set(oneAtATime)].sort()).toEqual(listed);
    expect(everyFile(root).filter(sourceFileFilter(config.sources)).sort()).toEqual(listed);
  });
});
