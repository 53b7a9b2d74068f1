import { lstatSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
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

  it('-o through a link writes the file it points at, and to a device (/dev/null) without replacing it', async () => {
    const root = copyFixture('support-desk');
    mkdirSync(path.join(root, 'real'));
    symlinkSync(path.join('real', 'm.json'), path.join(root, 'latest.json'));
    writeFileSync(path.join(root, 'real', 'm.json'), '{}');
    expect((await runCli(['manifest', '-p', root, '-o', 'latest.json'], { cwd: root })).exitCode).toBe(0);
    expect(lstatSync(path.join(root, 'latest.json')).isSymbolicLink()).toBe(true);
    expect(Object.keys(JSON.parse(readFileSync(path.join(root, 'real', 'm.json'), 'utf8')).nodes)).toHaveLength(18);
    // Through a link to /dev/null: were the device replaced, only the link would be (a rename replaces the link, not /dev/null).
    symlinkSync('/dev/null', path.join(root, 'discard.json'));
    expect((await runCli(['manifest', '-p', root, '-o', 'discard.json'], { cwd: root })).exitCode).toBe(0);
    expect(lstatSync(path.join(root, 'discard.json')).isSymbolicLink()).toBe(true);
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
  });

  it('an unwritable output path is a one-line error, never a hang', async () => {
    const { exitCode, stderr } = await runCli(['manifest', '-p', copyFixture('support-desk'), '-o', '/proc/ca-nowhere/manifest.json']);
    expect(exitCode).toBe(2);
    expect(stderr.trim()).toMatch(/^error: cannot write \/proc\/ca-nowhere\/manifest\.json: E[A-Z]+/);
  });
});
