import { describe, expect, it } from 'vitest';
import { checkMcpLock } from '../../src/app/doctor-mcp-lock.js';
import type { McpLockState } from '../../src/core/node.js';
import type { ProjectScan } from '../../src/core/project-scan.js';
import { caNode } from '../helpers/ca-node.js';

const scanOf = (states: Record<string, [server: string, lock: McpLockState]>, extra: Partial<ProjectScan> = {}): ProjectScan => ({
  root: '/work/weather-desk',
  nodes: [
    caNode('weather', { kind: 'mcp_server' }),
    caNode('tides', { kind: 'mcp_server' }),
    ...Object.entries(states).map(([name, [server, lock]]) => caNode(name, { uses: [server], mcp: { server, tool: name, lock } })),
  ],
  diagnostics: [],
  lintDirectives: {},
  stats: { files: 3, parsed: 3, cached: 0 } as ProjectScan['stats'],
  ...extra,
});

describe('ca doctor: ca.mcp.lock', () => {
  it('is not a check at all in a project without MCP servers', () => {
    expect(checkMcpLock({ ...scanOf({}), nodes: [caNode('lookup_ticket')] })).toBeUndefined();
  });

  it('is ok when the lock holds every MCP tool', () => {
    expect(checkMcpLock(scanOf({ get_forecast: ['weather', 'locked'], get_tides: ['tides', 'locked'] }))).toMatchObject({ status: 'ok', summary: 'locks all 2 MCP tools of 2 servers' });
  });

  it('names the tools it lacks and the servers that changed, and the lock command for them', () => {
    const check = checkMcpLock(scanOf({ get_alerts: ['weather', 'stale'], get_forecast: ['weather', 'stale'], get_tides: ['tides', 'missing'] }));
    expect(check).toMatchObject({
      status: 'warn',
      summary: '0 of 3 MCP tools of 2 servers locked · not in it: get_tides · stale (the server changed since it was locked): weather',
      hint: 'Run `ca mcp lock -s tides -s weather` and commit ca.mcp.lock.',
      details: { missing: ['get_tides'], stale: ['get_alerts', 'get_forecast'] },
    });
  });

  it('warns when there is no lock, or it does not parse', () => {
    expect(checkMcpLock(scanOf({ get_forecast: ['weather', 'no-lock'] }))).toMatchObject({ status: 'warn', summary: 'none (1 MCP tool of 2 servers)' });
    const diagnostics = [{ code: 'mcp-lock-invalid' as const, severity: 'error' as const, message: 'ca.mcp.lock cannot be read: it is not JSON', file: 'ca.mcp.lock', line: 1, column: 1 }];
    expect(checkMcpLock(scanOf({ get_forecast: ['weather', 'unreadable'] }, { diagnostics }))).toMatchObject({ status: 'warn', summary: 'ca.mcp.lock cannot be read: it is not JSON' });
  });
});
