import { existsSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { FIXTURES, tempDir } from '../helpers/temp-project.js';

// fixtures/discovery/side-effect/src/agents.ts writes $CA_SIDE_EFFECT_MARKER when imported.
const PROJECT = path.join(FIXTURES, 'discovery', 'side-effect');

describe('static verbs never execute project code', () => {
  // Each row: label, arguments, and what stdout shows (default: the node 'triage'). ca lint exits 0
  // or 1 by its findings, which the rules decide; the proof here is that nothing was imported.
  const verbs: [string, string[], { stdout: RegExp; exitCodes: number[] }?][] = [
    ['ls', ['ls']],
    ['ls --json', ['ls', '--json']],
    ['show', ['show', 'triage']],
    ['graph (dot)', ['graph']],
    ['graph (mermaid)', ['graph', '--format', 'mermaid']],
    ['graph (json)', ['graph', '--format', 'json']],
    ['manifest', ['manifest', '-o', '-']],
    ['lint', ['lint'], { stdout: / in 3 nodes/, exitCodes: [0, 1] }],
    ['lint (sarif)', ['lint', '--format', 'sarif'], { stdout: /"version": "2\.1\.0"/, exitCodes: [0, 1] }],
  ];

  it.each(verbs)('%s reads the definitions without importing the module', async (_label, args, expected = { stdout: /triage/, exitCodes: [0] }) => {
    const marker = path.join(tempDir(), 'imported.txt');
    const result = await runCli([...args, '-p', PROJECT], { env: { CA_SIDE_EFFECT_MARKER: marker } });
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
