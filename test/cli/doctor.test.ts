// `ca doctor` end to end through the real CLI: the table, --json, the exit codes, and that a key's
// value never shows. Plus the Node.js rule, which the running Node cannot exercise.
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { checkNode, checkSdk } from '../../src/app/doctor-checks.js';
import { ca, deployRepo } from '../helpers/deploy-repo.js';
import { CA_BIN, runCli } from '../helpers/run-cli.js';
import { REPO_ROOT, copyFixture, tempDir } from '../helpers/temp-project.js';

interface Check {
  id: string;
  status: 'ok' | 'warn' | 'fail' | 'skip';
  summary: string;
  hint?: string;
  details?: Record<string, unknown>;
}

async function doctor(project: string, env: Record<string, string> = {}): Promise<{ exitCode: number; checks: Record<string, Check>; ok: boolean; stdout: string }> {
  // Node by its full path: a test may take git off the PATH.
  const result = await execa(process.execPath, [CA_BIN, 'doctor', '-p', project, '--json'], { env: { NO_COLOR: '1', OPENAI_API_KEY: '', ANTHROPIC_API_KEY: '', ...env }, reject: false });
  const parsed = JSON.parse(result.stdout) as { checks: Check[]; ok: boolean };
  return { exitCode: result.exitCode ?? -1, checks: Object.fromEntries(parsed.checks.map((check) => [check.id, check])), ok: parsed.ok, stdout: result.stdout };
}

describe('ca doctor', () => {
  it('prints a table of checks; a missing model key is a warning, not a failure (exit 0)', async () => {
    const root = copyFixture('support-desk');
    const result = await runCli(['doctor', '-p', root], { env: { OPENAI_API_KEY: '' } });
    expect(result.exitCode, result.stderr).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toMatch(/^status\s+check\s+found$/);
    expect(lines).toContainEqual(expect.stringMatching(/^ok\s+Node\.js\s+v\d+\.\d+\.\d+$/));
    expect(lines).toContainEqual(expect.stringMatching(/^ok\s+ca\.yaml\s+\S*ca\.yaml \(2 envs, 1 named selector\)$/));
    expect(lines).toContainEqual(expect.stringMatching(/^ok\s+discovery\s+18 nodes \(7 tools, 3 reasoners, 4 flows, 2 agents, 2 sessions\) in 19 files · no diagnostics$/));
    expect(lines).toContainEqual(expect.stringMatching(/^ok\s+deploy ledger\s+no ledger yet \(nothing deployed\)/));
    expect(lines).toContainEqual(expect.stringMatching(/^warn\s+openai\s+OPENAI_API_KEY is not set \(used by 5 nodes\)$/));
    expect(result.stdout).toMatch(/--mock/);
    expect(result.stdout.trimEnd().split('\n').at(-1)).toMatch(/^✔ \d ok, \d warnings?, 0 failed$/);
  });

  it('--json returns the checks; a key that is set is named, its value never printed', async () => {
    const root = copyFixture('support-desk');
    const secret = 'sk-test-do-not-print-4242';
    const { exitCode, checks, ok, stdout } = await doctor(root, { OPENAI_API_KEY: secret });
    expect(exitCode).toBe(0);
    expect(ok).toBe(true);
    expect(checks['provider:openai']).toMatchObject({ status: 'ok', summary: 'OPENAI_API_KEY is set (used by 5 nodes)', details: { variable: 'OPENAI_API_KEY', set: true, nodes: 5 } });
    expect(checks.discovery!.details).toMatchObject({ nodes: 18, files: 19, errors: 0, kinds: { tool: 7, reasoner: 3, flow: 4, agent: 2, session: 2 } });
    expect(checks.ledger).toMatchObject({ status: 'ok', details: { schemaVersion: null } });
    expect(stdout).not.toContain(secret);
    // Without a key the same check warns.
    const without = await doctor(root);
    expect(without.checks['provider:openai']!.status).toBe('warn');
  });

  it('reports discovery diagnostics as a warning and a project without ca.yaml as fine', async () => {
    const root = tempDir();
    mkdirSync(path.join(root, 'src'));
    writeFileSync(path.join(root, 'src', 'tools.ts'), "import { tool } from 'composable-agents';\nexport const broken = tool({ name: 'broken', \n");
    const { exitCode, checks } = await doctor(root);
    expect(exitCode).toBe(0);
    expect(checks.config).toMatchObject({ status: 'ok', details: { file: null } });
    expect(checks.config!.summary).toMatch(/^none: defaults/);
    expect(checks.discovery).toMatchObject({ status: 'warn', details: { errors: 1 } });
    expect(checks.providers).toMatchObject({ status: 'ok', summary: 'no reasoner or agent names a model' });
  });

  it('an invalid ca.yaml fails (exit 1) and the checks that need it are skipped', async () => {
    const root = copyFixture('support-desk');
    writeFileSync(path.join(root, 'ca.yaml'), 'src: [src]\nenvs:\n  staging: { target: { type: ftp } }\n');
    const { exitCode, checks, ok } = await doctor(root);
    expect(exitCode).toBe(1);
    expect(ok).toBe(false);
    expect(checks.config!.status).toBe('fail');
    expect(checks.config!.summary).toMatch(/envs/);
    expect(checks.discovery!.status).toBe('skip');
    expect(checks.ledger!.status).toBe('skip');
    expect(checks.node!.status).toBe('ok');
    const text = await runCli(['doctor', '-p', root]);
    expect(text.exitCode).toBe(1);
    expect(text.stdout).toMatch(/^fail\s+ca\.yaml\s+/m);
    expect(text.stdout.trimEnd().split('\n').at(-1)).toMatch(/^✖ .*1 failed, 7 not checked$/);
  });

  it('reads the ledger read-only: its schema version and envs; a file that is not a ledger fails', async () => {
    const { project } = await deployRepo();
    expect((await ca(project, ['deploy', '--env', 'staging', '-s', 'triage', '--yes'])).exitCode).toBe(0);
    const deployed = await doctor(project);
    expect(deployed.checks.ledger).toMatchObject({ status: 'ok', details: { schemaVersion: expect.any(Number) } });
    expect(deployed.checks.ledger!.summary).toMatch(/schema v\d+, deployments in staging$/);
    expect(deployed.checks.repository!.status).toBe('ok');

    writeFileSync(path.join(project, '.ca', 'ledger.db'), 'this is not a database, just text that happens to be here\n'.repeat(100));
    const broken = await doctor(project);
    expect(broken.exitCode).toBe(1);
    expect(broken.checks.ledger!.status).toBe('fail');
  });

  it('without git on the PATH: a warning, and the repository is not checked', async () => {
    const root = copyFixture('support-desk');
    const { exitCode, checks } = await doctor(root, { PATH: tempDir() });
    expect(exitCode).toBe(0);
    expect(checks.git).toMatchObject({ status: 'warn', summary: 'git is not on the PATH' });
    expect(checks.repository!.status).toBe('skip');
    const withGit = await doctor(root);
    expect(withGit.checks.git!.status).toBe('ok');
    // A temporary copy is in no repository.
    expect(withGit.checks.repository!.status).toBe('warn');
  });

  it('a -p folder that does not exist is a usage error (exit 2), not a report', async () => {
    const result = await runCli(['doctor', '-p', path.join(tempDir(), 'nowhere')]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('ca doctor: what ca run needs', () => {
  it('a .ts definition in a package without "type": "module" fails the module format and the loader, with the fix; the fix makes both pass', async () => {
    const root = tempDir('ca-doctor-format-');
    mkdirSync(path.join(root, 'src'));
    writeFileSync(path.join(root, 'src', 'invoices.ts'), "import { flow } from 'composable-agents';\nexport const chaseInvoice = flow({ name: 'chase_invoice', run: async () => 'sent' });\n");
    writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'invoices', private: true }));

    const before = await doctor(root);
    expect(before.exitCode).toBe(1);
    expect(before.checks['module-format']).toMatchObject({ status: 'fail', hint: 'Add "type": "module" to package.json (or name the files .mts).' });
    expect(before.checks['module-format']!.summary).toContain('src/invoices.ts');
    expect(before.checks.loader).toMatchObject({ status: 'fail', hint: 'Add "type": "module" to package.json (or name the files .mts).' });
    // Not installed: ca run lends its own SDK, which works, but the project cannot type-check.
    expect(before.checks.sdk!.status).toBe('warn');
    // The probe leaves nothing behind.
    expect(existsSync(path.join(root, '.ca', 'doctor'))).toBe(false);
    // ca run on the same project says the same in its hint, instead of only Node's message.
    const run = await runCli(['run', 'chase_invoice', '-p', root]);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toContain('src/invoices.ts loads as CommonJS because package.json has no "type": "module"');

    writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'invoices', private: true, type: 'module' }));
    mkdirSync(path.join(root, 'node_modules'));
    symlinkSync(REPO_ROOT, path.join(root, 'node_modules', 'composable-agents'), 'dir');
    const after = await doctor(root);
    expect(after.exitCode).toBe(0);
    expect(after.checks['module-format']).toMatchObject({ status: 'ok', summary: '1 definition file loads as ES modules' });
    expect(after.checks.loader!.status).toBe('ok');
    expect(after.checks.sdk).toMatchObject({ status: 'ok', details: { installed: true } });
    expect((await runCli(['run', 'chase_invoice', '-p', root])).stdout).toBe('sent\n');
  }, 60_000);

  it('an installed SDK of another version than the running ca is a warning naming both', () => {
    expect(checkSdk({ installed: true, version: '0.0.9', dir: '/p/node_modules/composable-agents' }, '0.1.0', '/p')).toMatchObject({
      status: 'warn',
      summary: 'the project has 0.0.9 (node_modules/composable-agents); this ca is 0.1.0',
    });
  });
});

describe('the Node.js check', () => {
  it('fails below the version in package.json engines', () => {
    expect(checkNode('18.19.0')).toMatchObject({ status: 'fail', summary: 'v18.19.0: ca needs Node.js 20 or later' });
    expect(checkNode('20.0.0').status).toBe('ok');
    expect(checkNode('v22.11.0').status).toBe('ok');
  });
});
