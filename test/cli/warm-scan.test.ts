import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { copyFixture, tempDir } from '../helpers/temp-project.js';

/**
 * A warm scan (nothing changed since the last one) parses nothing, so it must not load the
 * TypeScript parser (ts-morph's bundled compiler: a third of a warm `ca ls` when it crept in
 * through the framework adapters). A preload records every module the CLI requires.
 */
describe('a warm scan', () => {
  it('loads neither ts-morph nor typescript, in a project of every framework with a langgraph.json', async () => {
    const project = copyFixture('mixed-desk');
    writeFileSync(path.join(project, 'langgraph.json'), JSON.stringify({ graphs: { policy: './src/research/langgraph-graph.ts:policyGraph' } }));
    const dir = tempDir();
    const log = path.join(dir, 'required.txt');
    const preload = path.join(dir, 'record-requires.cjs');
    writeFileSync(
      preload,
      `const Module = require('node:module'); const fs = require('node:fs');
const load = Module._load;
Module._load = function (request, ...rest) { fs.appendFileSync(${JSON.stringify(log)}, request + '\\n'); return load.call(this, request, ...rest); };`,
    );
    const cold = await runCli(['ls', '--output', 'names', '-p', project]);
    expect(cold.exitCode, cold.stderr).toBe(0);
    expect(cold.stdout).toContain('policy\n');

    const warm = await runCli(['ls', '--output', 'names', '-p', project], { env: { NODE_OPTIONS: `--require ${preload}` } });
    expect(warm.exitCode, warm.stderr).toBe(0);
    expect(warm.stdout).toBe(cold.stdout);
    const required = readFileSync(log, 'utf8').split('\n');
    expect(required.length).toBeGreaterThan(10);
    expect(required.filter((request) => /(^|\/)(ts-morph|typescript)(\/|$)/.test(request))).toEqual([]);
  });
});
