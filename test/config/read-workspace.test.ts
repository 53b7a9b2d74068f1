import { describe, expect, it } from 'vitest';
import { readWorkspace } from '../../src/config/read-workspace.js';
import { projectWithFiles } from '../helpers/temp-project.js';

const pkg = (name: string, extra: object = {}) => JSON.stringify({ name, version: '1.0.0', ...extra });

describe('readWorkspace', () => {
  it('is undefined for a project that declares no workspace', async () => {
    expect(await readWorkspace(projectWithFiles({ 'package.json': pkg('solo') }))).toBeUndefined();
  });

  it("reads npm's list, yarn's { packages }, and pnpm-workspace.yaml with a negation, in folder order", async () => {
    const files = {
      'packages/b/package.json': pkg('@x/b'),
      'packages/a/package.json': pkg('@x/a', { dependencies: { '@x/b': '*' } }),
      'packages/old/package.json': pkg('@x/old'),
      'tools/nested/c/package.json': pkg('c'),
      'packages/no-manifest/readme.md': '#',
    };
    const npm = await readWorkspace(projectWithFiles({ ...files, 'package.json': JSON.stringify({ workspaces: ['packages/*', 'tools/**'] }) }));
    expect(npm?.packages.map((p) => `${p.name} ${p.folder}`)).toEqual(['@x/a packages/a', '@x/b packages/b', '@x/old packages/old', 'c tools/nested/c']);
    expect(npm?.packages[0]?.manifest.dependencies).toEqual(['@x/b']);
    const yarn = await readWorkspace(projectWithFiles({ ...files, 'package.json': JSON.stringify({ workspaces: { packages: ['packages/*'] } }) }));
    expect(yarn?.packages.map((p) => p.folder)).toEqual(['packages/a', 'packages/b', 'packages/old']);
    const pnpm = await readWorkspace(projectWithFiles({ ...files, 'package.json': pkg('root'), 'pnpm-workspace.yaml': "packages:\n  - 'packages/*'\n  - '!packages/old'\n" }));
    expect(pnpm?.from).toBe('pnpm-workspace.yaml');
    expect(pnpm?.packages.map((p) => p.folder)).toEqual(['packages/a', 'packages/b']);
    expect(pnpm?.problems).toEqual([]);
  });

  it('a workspace list that is not a list, or YAML that does not parse, is one warning naming the file', async () => {
    const list = await readWorkspace(projectWithFiles({ 'package.json': JSON.stringify({ workspaces: 'packages/*' }) }));
    expect(list?.problems.map((p) => `${p.file}: ${p.message}`)).toEqual(['package.json: "workspaces" in package.json is not a list of folder patterns, so the workspace\'s packages are not scanned']);
    const yaml = await readWorkspace(projectWithFiles({ 'pnpm-workspace.yaml': 'packages: [oops' }));
    expect(yaml?.problems).toHaveLength(1);
    expect(yaml?.problems[0]).toMatchObject({ code: 'workspace-invalid', severity: 'warn', file: 'pnpm-workspace.yaml', message: expect.stringContaining('does not parse') });
  });
});
