import { cpSync, existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { FIXTURES, tempDir } from '../helpers/temp-project.js';

// fixtures/discovery/side-effect/src/agents.ts writes $CA_SIDE_EFFECT_MARKER when imported.
const PROJECT = path.join(FIXTURES, 'discovery', 'side-effect');

/**
 * The deploy verbs write under the project (.ca/ledger.db, the dir target), so their rows run on
 * a copy of the fixture with a ca.yaml that defines a dir env, after `setup` commands (run with
 * the same marker, so they are checked too).
 */
interface Expected {
  stdout: RegExp;
  exitCodes: number[];
  deployable?: { setup: string[][] };
}

function deployableCopy(): string {
  const project = tempDir('ca-side-effect-');
  cpSync(PROJECT, project, { recursive: true });
  writeFileSync(path.join(project, 'ca.yaml'), 'envs:\n  staging: { target: { type: dir, path: .ca/releases/staging } }\n');
  return project;
}

const DEPLOYED = { setup: [['deploy', '--env', 'staging']] };

describe('static verbs never execute project code', () => {
  // Each row: label, arguments, and what stdout shows (default: the node 'triage'). ca lint exits 0
  // or 1 by its findings, which the rules decide; the proof here is that nothing was imported.
  const verbs: [string, string[], Expected?][] = [
    ['ls', ['ls']],
    ['ls --json', ['ls', '--json']],
    ['show', ['show', 'triage']],
    ['graph (dot)', ['graph']],
    ['graph (mermaid)', ['graph', '--format', 'mermaid']],
    ['graph (json)', ['graph', '--format', 'json']],
    ['graph (html)', ['graph', '--format', 'html']],
    ['manifest', ['manifest', '-o', '-']],
    ['lint', ['lint'], { stdout: / in 3 nodes/, exitCodes: [0, 1] }],
    ['lint (sarif)', ['lint', '--format', 'sarif'], { stdout: /"version": "2\.1\.0"/, exitCodes: [0, 1] }],
    ['deploy (dir target)', ['deploy', '--env', 'staging'], { stdout: /^✔ triage v1 → [^\n]+\nDeployed 2 nodes to staging\.$/m, exitCodes: [0], deployable: { setup: [] } }],
    ['deploy --dry-run', ['deploy', '--env', 'staging', '--dry-run'], { stdout: /^ {2}\+ triage flow {2}new /m, exitCodes: [0], deployable: { setup: [] } }],
    ['status', ['status', '--env', 'staging'], { stdout: /^triage\s+flow\s+in-sync\s/m, exitCodes: [0], deployable: DEPLOYED }],
    ['status --all-envs --json', ['status', '--all-envs', '--json'], { stdout: /"status": "in-sync"/, exitCodes: [0], deployable: DEPLOYED }],
    ['history', ['history', '--env', 'staging'], { stdout: /\btriage\s+v1\s+succeeded\b/, exitCodes: [0], deployable: DEPLOYED }],
    ['ledger verify', ['ledger', 'verify'], { stdout: /^✔ ledger intact: 4 rows in 1 env /, exitCodes: [0], deployable: DEPLOYED }],
    ['rollback', ['rollback', 'triage', '--env', 'staging', '--to', '1'], { stdout: /^✔ triage in staging: v1's artifact republished as v2/, exitCodes: [0], deployable: DEPLOYED }],
    ['show (with deployments)', ['show', 'triage'], { stdout: /^ {4}staging {4}v1 succeeded /m, exitCodes: [0], deployable: DEPLOYED }],
    // Right after the deploy, triage is unmodified against the env: the ledger is read, nothing imported.
    ['ls --state env:staging', ['ls', '-s', 'state:unmodified,triage', '--state', 'env:staging', '--output', 'names'], { stdout: /^triage$/m, exitCodes: [0], deployable: DEPLOYED }],
  ];

  it.each(verbs)('%s reads the definitions without importing the module', async (_label, args, expected = { stdout: /triage/, exitCodes: [0] }) => {
    const marker = path.join(tempDir(), 'imported.txt');
    const env = { CA_SIDE_EFFECT_MARKER: marker };
    const project = expected.deployable ? deployableCopy() : PROJECT;
    for (const setup of expected.deployable?.setup ?? []) {
      const before = await runCli([...setup, '-p', project], { env });
      expect(before.exitCode, before.stderr).toBe(0);
    }
    const result = await runCli([...args, '-p', project], { env });
    expect(result.stderr).toBe('');
    expect(expected.exitCodes).toContain(result.exitCode);
    expect(result.stdout).toMatch(expected.stdout);
    expect(existsSync(marker)).toBe(false);
  });

  it('(control) the fixture does write its marker when something imports it', async () => {
    const marker = path.join(tempDir(), 'imported.txt');
    await execa('node', ['--import', 'tsx', '--input-type=module', '-e', `await import(${JSON.stringify(path.join(PROJECT, 'src', 'agents.ts'))});`], {
      env: { CA_SIDE_EFFECT_MARKER: marker },
    });
    expect(existsSync(marker)).toBe(true);
  });
});
