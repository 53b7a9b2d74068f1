import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { copyFixture } from '../helpers/temp-project.js';

describe('ca manifest', () => {
  it('writes every node with its fingerprints to .ca/manifest.json, versioned', async () => {
    const root = copyFixture('support-desk');
    const { stdout, stderr, exitCode } = await runCli(['manifest', '-p', root]);
    expect(exitCode).toBe(0);
    expect(stdout).toBe('');
    expect(stderr).toBe(`wrote 18 nodes to ${path.join(root, '.ca', 'manifest.json')}\n`);
    const manifest = JSON.parse(readFileSync(path.join(root, '.ca', 'manifest.json'), 'utf8'));
    expect(manifest.schemaVersion).toBe(1);
    expect(manifest.project.name).toBe(path.basename(root));
    expect(Object.keys(manifest.nodes)).toHaveLength(18);
    expect(manifest.nodes.triage.fingerprints).toEqual({
      body: expect.stringMatching(/^[0-9a-f]{64}$/),
      config: expect.stringMatching(/^[0-9a-f]{64}$/),
      code: expect.stringMatching(/^[0-9a-f]{64}$/),
      self: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  });

  it('gives the same fingerprints for the same code in another folder', async () => {
    const first = JSON.parse((await runCli(['manifest', '-p', copyFixture('support-desk'), '-o', '-'])).stdout);
    const second = JSON.parse((await runCli(['manifest', '-p', copyFixture('support-desk'), '-o', '-'])).stdout);
    for (const name of Object.keys(first.nodes)) expect(second.nodes[name].fingerprints).toEqual(first.nodes[name].fingerprints);
  });

  it('--json reports where it wrote and what', async () => {
    const root = copyFixture('support-desk');
    const { stdout } = await runCli(['manifest', '-p', root, '-o', 'out/m.json', '--json'], { cwd: root });
    const result = JSON.parse(stdout);
    expect(result.path).toBe(path.join(root, 'out', 'm.json'));
    expect(Object.keys(result.manifest.nodes)).toHaveLength(18);
  });

  it('an unwritable output path is a one-line error, never a hang', async () => {
    const { exitCode, stderr } = await runCli(['manifest', '-p', copyFixture('support-desk'), '-o', '/proc/ca-nowhere/manifest.json']);
    expect(exitCode).toBe(2);
    expect(stderr.trim()).toMatch(/^error: cannot write \/proc\/ca-nowhere\/manifest\.json: E[A-Z]+/);
  });
});
