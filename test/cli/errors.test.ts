import { cpSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { FIXTURES, tempDir } from '../helpers/temp-project.js';

function projectWithConfig(yaml: string): string {
  const root = tempDir();
  mkdirSync(path.join(root, 'src'));
  writeFileSync(path.join(root, 'ca.yaml'), yaml);
  return root;
}

describe('user errors: one line, the place, what to do, exit 2', () => {
  const cases: [string, string, RegExp][] = [
    ['YAML syntax', 'src: [src\n', /ca\.yaml:2:1: not valid YAML/],
    ['unknown key with a suggestion', 'src: [src]\nsrcs: [lib]\n', /ca\.yaml:2:1: unknown key "srcs" \(did you mean "src"\?\)/],
    ['nested unknown key', 'envs:\n  prod:\n    target: { type: dir, path: out }\n    requireClena: true\n', /ca\.yaml:4:5: envs\.prod: unknown key "requireClena" \(did you mean "requireClean"\?\)/],
    ['bad target type', 'envs:\n  prod:\n    target: { type: ftp }\n', /ca\.yaml:3:\d+: envs\.prod\.target\.type: /],
    ['wrong value type', 'src: 42\n', /ca\.yaml:1:6: src: must be a path or a list of paths/],
    ['missing required key', 'envs:\n  prod:\n    requireClean: true\n', /ca\.yaml:3:5: envs\.prod\.target: is required/],
    ['bad env name', 'envs:\n  "prod env":\n    target: { type: dir, path: out }\n', /envs\.prod env: env names are letters, digits/],
    ['missing src folder', 'src: [agents]\n', /src folder agents does not exist/],
    ['src glob matching no folder', 'src: ["packages/*/src"]\n', /src glob packages\/\*\/src matches no folder/],
  ];

  it.each(cases)('%s', async (_label, yaml, expected) => {
    const root = projectWithConfig(yaml);
    const { exitCode, stdout, stderr } = await runCli(['ls', '-p', root]);
    expect(exitCode).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(expected);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('--json also prints the error as JSON on stdout', async () => {
    const root = projectWithConfig('srcs: [lib]\n');
    const { stdout, exitCode } = await runCli(['ls', '-p', root, '--json']);
    expect(exitCode).toBe(2);
    expect(JSON.parse(stdout).error).toMatchObject({ code: 'config-invalid', location: { line: 1, column: 1 } });
  });

  it('--debug adds the stack trace', async () => {
    const root = projectWithConfig('srcs: [lib]\n');
    const { stderr } = await runCli(['ls', '-p', root, '--debug']);
    expect(stderr).toMatch(/\n\s+at /);
  });

  it('a missing project folder and an unknown flag are usage errors', async () => {
    const missing = await runCli(['ls', '-p', path.join(tempDir(), 'nope')]);
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toMatch(/project folder .*nope does not exist/);
    const flag = await runCli(['ls', '--colour']);
    expect(flag.exitCode).toBe(2);
    expect(flag.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('an unknown verb is one line with a suggestion, exit 2', async () => {
    const typo = await runCli(['lss']);
    expect(typo.exitCode).toBe(2);
    expect(typo.stderr.trim()).toMatch(/^error: unknown command 'lss' \(did you mean `ca ls`\?/);
    const near = await runCli(['chatt']);
    expect(near.exitCode).toBe(2);
    expect(near.stderr.trim()).toMatch(/^error: unknown command 'chatt' \(did you mean `ca chat`\?/);
  });

  it('a ca.yaml that breaks after a good run is still reported (the validated copy is keyed by content)', async () => {
    const root = projectWithConfig('src: [src]\n');
    expect((await runCli(['ls', '-p', root])).exitCode).toBe(0);
    writeFileSync(path.join(root, 'ca.yaml'), 'src: [src]\nsrcs: [lib]\n');
    const broken = await runCli(['ls', '-p', root]);
    expect(broken.exitCode).toBe(2);
    expect(broken.stderr).toContain('unknown key "srcs"');
  });
});

describe('an empty selection is a mistake, never "every node"', () => {
  it('deploy -s "" (an unset CI variable) exits 2 and deploys nothing; ls and --exclude the same', async () => {
    const project = tempDir('ca-empty-selection-');
    cpSync(path.join(FIXTURES, 'discovery', 'side-effect'), project, { recursive: true });
    writeFileSync(path.join(project, 'ca.yaml'), 'envs:\n  staging: { target: { type: dir, path: .ca/releases/staging } }\n');
    const deploy = await runCli(['deploy', '--env', 'staging', '-s', '', '-p', project]);
    expect(deploy.exitCode).toBe(2);
    expect(deploy.stderr.trim().split('\n')).toEqual(['error: empty selection: --select was given an empty value (pass a selector, or leave -s out to select every node)']);
    expect(existsSync(path.join(project, '.ca', 'releases'))).toBe(false);
    expect(existsSync(path.join(project, '.ca', 'ledger.db'))).toBe(false);
    const ls = await runCli(['ls', '-s', '  ', '-p', project]);
    expect(ls.exitCode).toBe(2);
    expect(ls.stdout).toBe('');
    const exclude = await runCli(['ls', '--exclude', '', '-p', project]);
    expect(exclude.exitCode).toBe(2);
    expect(exclude.stderr).toMatch(/^error: empty selection: --exclude was given an empty value/m);
  });
});

describe('a tsconfig.json that does not read is a warning, not a crash', () => {
  it('an extends that names a missing file (an example without its monorepo parent): every static verb still works', async () => {
    const project = tempDir('ca-tsconfig-');
    cpSync(path.join(FIXTURES, 'discovery', 'side-effect'), project, { recursive: true });
    writeFileSync(path.join(project, 'tsconfig.json'), '{ "extends": "../../tsconfig.examples.json", "compilerOptions": {} }\n');
    for (const [args, shows] of [[['ls'], /triage/], [['show', 'triage'], /triage/], [['graph'], /triage/], [['lint'], /in 3 nodes/]] as const) {
      const result = await runCli([...args, '-p', project]);
      expect(result.exitCode, args.join(' ')).toBe(0);
      expect(result.stdout + result.stderr).toMatch(shows);
      expect(result.stderr).not.toMatch(/internal error/);
    }
    const ls = await runCli(['ls', '-p', project]);
    expect(ls.stderr).toMatch(/tsconfig-invalid: tsconfig\.json could not be read \(File '\.\.\/\.\.\/tsconfig\.examples\.json' not found\.\): sources default to src\/ and imports resolve without its paths aliases/);
  });
});
