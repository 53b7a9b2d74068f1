import { cpSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../../src/graph/build-graph.js';
import { mcpToolUnlockedRule } from '../../../src/lint/rules/mcp-tool-unlocked.js';
import { runLint } from '../../../src/lint/run-lint.js';
import { caNode } from '../../helpers/ca-node.js';
import { tempDir } from '../../helpers/temp-project.js';
import { fixtureDir, lintDir, lintFixture, places } from './lint-fixture.js';

const ID = 'mcp-tool-unlocked';
const rules = [mcpToolUnlockedRule];

describe(ID, () => {
  it('passes tools that ca.mcp.lock has, however many more tools the server lists', async () => {
    const result = await lintFixture(ID, 'valid', rules);
    expect(result.nodes).toEqual(['forecast', 'get_alerts', 'get_forecast', 'weather']);
    expect(result.diagnostics).toEqual([]);
    expect(places(result.findings)).toEqual([]);
  });

  it('reports a tool the locked server does not list, and a tool of a server the lock does not have', async () => {
    const result = await lintFixture(ID, 'invalid', rules);
    expect(result.diagnostics).toEqual([]);
    expect(places(result.findings)).toEqual([`${ID} src/tides.ts:10:14`, `${ID} src/weather.ts:12:14`]);
    expect(result.findings.map((f) => [f.severity, f.message, f.hint])).toEqual([
      ['error', 'MCP tool get_tides is not locked: ca.mcp.lock has no server tides, so ca run refuses to call get_tides', 'Run ca mcp lock to record the tools of tides, then commit ca.mcp.lock.'],
      [
        'error',
        'MCP tool get_alert is not locked: ca.mcp.lock has server weather but no tool get_alert, so ca run refuses to call it',
        'Check the tool name against what weather lists (its tools in ca.mcp.lock, or the output of ca mcp lock); if the server has gained get_alert since it was locked, run ca mcp lock again.',
      ],
    ]);
  });

  it('reports every MCP tool when there is no ca.mcp.lock, and none when it does not parse (mcp-lock-invalid says so)', async () => {
    const dir = tempDir();
    cpSync(fixtureDir(ID, 'invalid'), dir, { recursive: true });
    rmSync(path.join(dir, 'ca.mcp.lock'));
    const unlocked = await lintDir(dir, rules);
    expect(unlocked.findings.map((f) => f.message)).toEqual([
      'MCP tool get_tides is not locked: there is no ca.mcp.lock, so ca run refuses to call get_tides on tides',
      'MCP tool get_forecast is not locked: there is no ca.mcp.lock, so ca run refuses to call get_forecast on weather',
      'MCP tool get_alert is not locked: there is no ca.mcp.lock, so ca run refuses to call get_alert on weather',
    ]);
    writeFileSync(path.join(dir, 'ca.mcp.lock'), '{ "version": 1, "servers": ');
    expect((await lintDir(dir, rules)).findings).toEqual([]);
  });

  it('leaves an mcpTool whose server is not an mcpServer to unresolved-use', () => {
    const nodes = [caNode('get_forecast', { mcp: { tool: 'get_forecast', lock: 'missing' } })];
    expect(runLint({ nodes, graph: buildGraph(nodes), diagnostics: [], directives: {}, severities: {}, rules }).findings).toEqual([]);
  });
});
