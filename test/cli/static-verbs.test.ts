import { existsSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { FIXTURES, tempDir } from '../helpers/temp-project.js';

// fixtures/discovery/side-effect/src/agents.ts writes $CA_SIDE_EFFECT_MARKER when imported.
const PROJECT = path.join(FIXTURES, 'discovery', 'side-effect');

describe('static verbs never execute project code', () => {
  const verbs: [string, string[]][] = [
    ['ls', ['ls']],
    ['ls --json', ['ls', '--json']],
    ['show', ['show', 'triage']],
    ['graph (dot)', ['graph']],
    ['graph (mermaid)', ['graph', '--format', 'mermaid']],
    ['graph (json)', ['graph', '--format', 'json']],
    ['manifest', ['manifest', '-o', '-']],
  ];

  it.each(verbs)('%s reads the definitions without importing the module', async (_label, args) => {
    const marker = path.join(tempDir(), 'imported.txt');
    const result = await runCli([...args, '-p', PROJECT], { env: { CA_SIDE_EFFECT_MARKER: marker } });
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('triage');
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
