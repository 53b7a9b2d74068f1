import { describe, expect, it } from 'vitest';
import type { ProjectPackage } from '../../src/config/project-config.js';
import { sourceCandidates } from '../../src/discovery/resolve-module.js';
import { packageOfSpecifier, resolvePackageImport } from '../../src/discovery/resolve-package.js';

const files = new Set([
  'packages/tools/src/index.ts',
  'packages/tools/src/billing.ts',
  'packages/tools/src/refunds/index.ts',
  'packages/tools/lib/legacy.mts',
]);
const find = (base: string) => sourceCandidates(base).find((candidate) => files.has(candidate));
const tools = (manifest: Partial<ProjectPackage['manifest']>, compilerOptions?: Record<string, string>): ProjectPackage => ({
  name: '@acme/tools',
  named: true,
  folder: 'packages/tools',
  manifest: { dependencies: [], ...manifest },
  ...(compilerOptions ? { tsconfig: { path: '/repo/packages/tools/tsconfig.json', config: { compilerOptions } } } : {}),
});

describe('an import of a workspace package, resolved to source', () => {
  it('splits scoped and unscoped names from their subpath', () => {
    const packages = new Map([['@acme/tools', tools({})]]);
    expect(packageOfSpecifier(packages, '@acme/tools')?.subpath).toBe('');
    expect(packageOfSpecifier(packages, '@acme/tools/billing/refunds')?.subpath).toBe('billing/refunds');
    expect(packageOfSpecifier(packages, '@acme/toolsx')).toBeUndefined();
    expect(packageOfSpecifier(packages, 'lodash')).toBeUndefined();
  });

  it('follows exports with conditions into dist/ back to src/ through tsconfig rootDir and outDir', () => {
    const pkg = tools(
      { exports: { '.': { types: './out/types/index.d.ts', import: './out/esm/index.js' }, './billing': { import: './out/esm/billing.js' }, './refunds': './out/esm/refunds/index.js' } },
      { rootDir: 'src', outDir: 'out/esm', declarationDir: 'out/types' },
    );
    expect(resolvePackageImport(pkg, '', find)).toEqual({ file: 'packages/tools/src/index.ts' });
    expect(resolvePackageImport(pkg, 'billing', find)).toEqual({ file: 'packages/tools/src/billing.ts' });
    expect(resolvePackageImport(pkg, 'refunds', find)).toEqual({ file: 'packages/tools/src/refunds/index.ts' });
  });

  it('guesses dist/ → src/ without a tsconfig, reads subpath patterns, and prefers a source condition', () => {
    expect(resolvePackageImport(tools({ exports: { './*': './dist/*.js' } }), 'billing', find)).toEqual({ file: 'packages/tools/src/billing.ts' });
    expect(resolvePackageImport(tools({ exports: { '.': { source: './src/index.ts', default: './dist/nowhere.js' } } }), '', find)).toEqual({ file: 'packages/tools/src/index.ts' });
    expect(resolvePackageImport(tools({ exports: './lib/legacy.mjs' }), '', find)).toEqual({ file: 'packages/tools/lib/legacy.mts' });
  });

  it('without exports: types, module, main, then index; a subpath is a path in the package', () => {
    expect(resolvePackageImport(tools({ types: './dist/index.d.ts', main: './dist/index.cjs' }), '', find)).toEqual({ file: 'packages/tools/src/index.ts' });
    expect(resolvePackageImport(tools({ main: 'src/index.ts' }), '', find)).toEqual({ file: 'packages/tools/src/index.ts' });
    expect(resolvePackageImport(tools({}), 'src/billing', find)).toEqual({ file: 'packages/tools/src/billing.ts' });
  });

  it('says why when it cannot: a subpath not exported, a target with no source, an invalid map', () => {
    expect(resolvePackageImport(tools({ exports: { '.': './src/index.ts' } }), 'billing', find)).toEqual({ problem: 'its "exports" do not export ./billing' });
    expect(resolvePackageImport(tools({ exports: { '.': './bundle/tools.js' } }), '', find)).toMatchObject({ problem: expect.stringContaining('it leads to packages/tools/bundle/tools.js, which ca cannot map back') });
    expect(resolvePackageImport(tools({ exports: { '.': '../outside.js' } }), '', find)).toMatchObject({ problem: expect.stringContaining('Invalid "exports" target') });
  });
});
