import { describe, expect, it } from 'vitest';
import { mcpServerShown, mcpToolShown } from '../../src/app/show-mcp.js';
import { connectionHash, type LockRead, type LockedTool } from '../../src/mcp/lock-file.js';
import { caNode } from '../helpers/ca-node.js';

const weatherConfig = { command: 'node', args: ['servers/weather-server.mjs', '--region=${WEATHER_REGION:-south}'], env: { WEATHER_TOKEN: '${WEATHER_TOKEN}' } };
const weather = caNode('weather', { kind: 'mcp_server', config: weatherConfig });
const forecast: LockedTool = { description: "Tomorrow's forecast.", inputSchema: { type: 'object' }, annotations: { readOnlyHint: true }, hash: 'a'.repeat(64) };
const getForecast = caNode('get_forecast', { uses: ['weather'], mcp: { server: 'weather', tool: 'get_forecast', lock: 'locked', hash: forecast.hash } });
const crash = caNode('station_crash', { uses: ['weather'], mcp: { server: 'weather', tool: 'crash', lock: 'missing' } });

const lockWith = (connection: string): LockRead => ({
  kind: 'ok',
  text: '{}',
  lock: { version: 1, servers: { weather: { connection, server: { name: 'weather-server', version: '1.4.0' }, tools: { get_forecast: forecast, get_alerts: { ...forecast, hash: 'b'.repeat(64) } } } } },
});

describe('ca show of MCP nodes, from ca.mcp.lock read as a file', () => {
  it("gives a tool the locked contract with the server's name and version", () => {
    expect(mcpToolShown(getForecast, lockWith(connectionHash(weatherConfig)))).toEqual({
      server: 'weather',
      tool: 'get_forecast',
      lock: 'locked',
      locked: { ...forecast, server: { name: 'weather-server', version: '1.4.0' } },
    });
    expect(mcpToolShown(crash, lockWith(connectionHash(weatherConfig)))).toEqual({ server: 'weather', tool: 'crash', lock: 'missing' });
    expect(mcpToolShown(caNode('lookup_ticket'), { kind: 'absent' })).toBeUndefined();
  });

  it('tells a server by its connection as written: env names and the variables it reads, never values', () => {
    const shown = mcpServerShown(weather, [weather, getForecast, crash], lockWith(connectionHash(weatherConfig)));
    expect(shown).toEqual({
      transport: 'stdio',
      command: 'node',
      args: weatherConfig.args,
      env: ['WEATHER_TOKEN'],
      headers: [],
      variables: ['WEATHER_REGION', 'WEATHER_TOKEN'],
      lock: 'locked',
      server: { name: 'weather-server', version: '1.4.0' },
      tools: [
        { node: 'get_forecast', tool: 'get_forecast', lock: 'locked' },
        { node: 'station_crash', tool: 'crash', lock: 'missing' },
      ],
      undeclared: ['get_alerts'],
    });
  });

  it('is stale when the connection changed since the lock, and says why a lock does not parse', () => {
    expect(mcpServerShown(weather, [], lockWith(connectionHash({ command: 'node', args: ['old-server.mjs'] }))).lock).toBe('stale');
    expect(mcpServerShown(weather, [], { kind: 'absent' }).lock).toBe('no-lock');
    const broken = mcpServerShown(weather, [], { kind: 'invalid', text: '{', message: 'it is not JSON', line: 1, column: 2 });
    expect([broken.lock, broken.lockProblem]).toEqual(['unreadable', 'it is not JSON']);
  });
});
