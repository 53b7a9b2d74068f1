import { describe, expect, it } from 'vitest';
import { mcpLockStaleRule } from '../../../src/lint/rules/mcp-lock-stale.js';
import { fixtureDir, lintDir, lintFixture, places } from './lint-fixture.js';

const ID = 'mcp-lock-stale';
const rules = [mcpLockStaleRule];

describe(ID, () => {
  it('passes a server reached as it was when ca.mcp.lock was written', async () => {
    const result = await lintFixture(ID, 'valid', rules);
    expect(result.nodes).toEqual(['get_tides', 'harbour_report', 'tides']);
    expect(result.diagnostics).toEqual([]);
    expect(places(result.findings)).toEqual([]);
  });

  it('reports a server whose args changed once, at the server, naming its tools', async () => {
    const result = await lintFixture(ID, 'invalid', rules);
    expect(places(result.findings)).toEqual([`${ID} src/harbour.ts:13:14`]);
    expect(result.findings.map((f) => [f.severity, f.node, f.message, f.hint])).toEqual([
      [
        'error',
        'weather',
        'MCP server weather changed since ca.mcp.lock was written (command, args, cwd, env, url or headers): the locked contracts of its tools get_alerts, get_forecast may not be what it serves now',
        'Run ca mcp lock -s weather to record what the server serves as it is now reached, then commit ca.mcp.lock.',
      ],
    ]);
  });

  // `state:modified` selects the server whose config changed, not its tools; `-s get_forecast` the tool alone.
  it('reports when the server or one of its stale tools is selected, and not for other nodes', async () => {
    const selecting = async (...names: string[]) =>
      (await lintDir(fixtureDir(ID, 'invalid'), rules, { select: (name) => names.includes(name) })).findings.map((f) => f.node);
    expect(await selecting('weather')).toEqual(['weather']);
    expect(await selecting('get_forecast')).toEqual(['weather']);
    expect(await selecting('tides', 'get_tides')).toEqual([]);
  });
});
