import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { REPO_ROOT, tempDir } from '../helpers/temp-project.js';

/** The environment of a user's shell: none of the npm_config_* that `npm test` set for us. */
const userEnv = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.toLowerCase().startsWith('npm_'))) as Record<string, string>;

async function inProject(dir: string, file: string, args: string[]) {
  const result = await execa(file, args, { cwd: dir, env: { ...userEnv, NO_COLOR: '1', OPENAI_API_KEY: '' }, extendEnv: false, reject: false });
  return { exitCode: result.exitCode, stdout: String(result.stdout), stderr: String(result.stderr) };
}

const TEMPLATES: Array<[string, string, string]> = [
  ['support', 'triage', '"T-1"'],
  ['research', 'research', '"vector databases"'],
  ['minimal', 'status_report', '"api"'],
];

describe('ca init', () => {
  it.each(TEMPLATES)(
    'the %s template installs against this package, lints clean, runs with --mock and passes its chat script',
    async (template, entry, input) => {
      const dir = path.join(tempDir(`ca-init-${template}-`), 'my-agents');
      // The registry range: the install below links this checkout in its place (the packed tarball has its own test).
      const init = await runCli(['init', dir, '--template', template, '--ca-dependency', 'registry']);
      expect(init.exitCode).toBe(0);
      expect(init.stderr).toMatch(new RegExp(`created my-agents from the ${template} template`));
      expect(JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'))).toMatchObject({ name: 'my-agents' });
      expect(existsSync(path.join(dir, '.github', 'workflows', 'ca-lint.yml'))).toBe(true);
      expect(existsSync(path.join(dir, '.gitignore'))).toBe(true);

      // As a user would, with this checkout standing in for the registry's composable-agents. No
      // scripts: the link's `prepare` would rebuild this checkout's dist/ under the other tests.
      const install = await inProject(dir, 'npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--ignore-scripts', REPO_ROOT]);
      expect(install.exitCode, install.stderr).toBe(0);
      const ca = path.join(dir, 'node_modules', '.bin', 'ca');

      const lint = await inProject(dir, ca, ['lint']);
      expect(lint.stdout + lint.stderr).toMatch(/no problems in \d+ nodes/);
      expect(lint.exitCode).toBe(0);

      const run = await inProject(dir, ca, ['run', entry, '--input', input, '--mock', 'mocks.yaml']);
      expect(run.exitCode, run.stderr).toBe(0);
      expect(run.stderr).toMatch(new RegExp(`✓ flow ${entry}  succeeded`));

      const test = await inProject(dir, ca, ['test']);
      expect(test.exitCode, test.stdout + test.stderr).toBe(0);
      expect(test.stdout + test.stderr).toMatch(/all passed/);

      const typecheck = await inProject(dir, path.join(dir, 'node_modules', '.bin', 'tsc'), ['--noEmit']);
      expect(typecheck.exitCode, typecheck.stdout).toBe(0);
    },
    240_000,
  );

  it('refuses a folder that is not empty, and --force writes over it', async () => {
    const dir = tempDir('ca-init-busy-');
    mkdirSync(path.join(dir, 'notes'));
    writeFileSync(path.join(dir, 'notes', 'todo.md'), 'keep me\n');
    const refused = await runCli(['init', dir]);
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toMatch(/is not empty \(notes\)/);
    expect(existsSync(path.join(dir, 'ca.yaml'))).toBe(false);
    const forced = await runCli(['init', dir, '--force', '--template', 'minimal', '--json']);
    expect(forced.exitCode).toBe(0);
    expect(JSON.parse(forced.stdout)).toMatchObject({ template: 'minimal', files: expect.arrayContaining(['ca.yaml', 'src/status.ts', '.github/workflows/ca-lint.yml']) });
    expect(readFileSync(path.join(dir, 'notes', 'todo.md'), 'utf8')).toBe('keep me\n');
  });
});

describe('a project made by ca init installs as it is', () => {
  it('packs this ca into vendor/, and `npm install` then `npx ca ls` work in the new project with nothing linked', async () => {
    const dir = path.join(tempDir('ca-init-packed-'), 'refund-desk');
    const init = await runCli(['init', dir, '--template', 'minimal', '--json']);
    expect(init.exitCode, init.stderr).toBe(0);
    const result = JSON.parse(init.stdout) as { caDependency: string; files: string[]; warnings: string[] };
    expect(result.warnings).toEqual([]);
    expect(result.caDependency).toMatch(/^file:vendor\/composable-agents-\d+\.\d+\.\d+\.tgz$/);
    expect(result.files).toContain(result.caDependency.slice('file:'.length));
    const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    expect(manifest.dependencies['composable-agents']).toBe(result.caDependency);

    // What a user types, from the tarball alone: npm resolves every dependency of ca (from its cache
    // here; this machine has no registry beyond npm's). Install scripts are off only because
    // better-sqlite3 would compile from source offline, which takes minutes and is not ca's packaging.
    const install = await inProject(dir, 'npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--ignore-scripts']);
    expect(install.exitCode, install.stderr).toBe(0);
    expect(existsSync(path.join(dir, 'node_modules', 'composable-agents', 'dist', 'sdk', 'index.js'))).toBe(true);

    const ls = await inProject(dir, 'npx', ['--no-install', 'ca', 'ls', '--output', 'names']);
    expect(ls.exitCode, ls.stderr).toBe(0);
    expect(ls.stdout.split('\n').filter(Boolean)).toEqual(expect.arrayContaining(['status_report', 'status_chat']));
    const lint = await inProject(dir, 'npx', ['--no-install', 'ca', 'lint']);
    expect(lint.exitCode, lint.stdout + lint.stderr).toBe(0);
  }, 300_000);
});
