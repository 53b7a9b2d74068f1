import pc from 'picocolors';
import { describe, expect, it } from 'vitest';
import type { McpLockResult, McpLockServer } from '../../src/core/results.js';
import { renderMcpLock } from '../../src/ui/mcp/mcp-lock-report.js';

const plain = pc.createColors(false);
const weather: McpLockServer = { name: 'weather', status: 'unchanged', server: { name: 'weather-server', version: '1.4.0' }, tools: 6, added: [], removed: [], changed: [] };
const tides: McpLockServer = {
  name: 'tides',
  status: 'failed',
  tools: 1,
  added: [],
  removed: [],
  changed: [],
  error: { code: 'missing-env', message: 'MCP server tides needs the environment variable TIDES_URL (its url names it), which is not set' },
};
const lock = (servers: McpLockServer[], extra: Partial<McpLockResult> = {}) => renderMcpLock({ lockFile: 'ca.mcp.lock', servers, written: false, check: false, ...extra }, plain);

describe('ca mcp lock report', () => {
  it('says what changed per server, then what became of the file', () => {
    expect(lock([{ ...weather, status: 'locked', added: ['get_alerts'], changed: ['get_forecast'], removed: ['hang'] }], { written: true })).toEqual([
      '~ weather  weather-server 1.4.0  6 tools  +get_alerts ~get_forecast -hang',
      'wrote ca.mcp.lock',
    ]);
  });

  it('keeps a failed server apart from the ones that answered: the lock is unchanged, not unwritten for want of a server', () => {
    expect(lock([tides, weather])).toEqual([
      '✗ tides  MCP server tides needs the environment variable TIDES_URL (its url names it), which is not set',
      '✓ weather  weather-server 1.4.0  6 tools  unchanged',
      'ca.mcp.lock unchanged (1 server failed: its old entry is kept)',
    ]);
    expect(lock([tides]).at(-1)).toBe('ca.mcp.lock not written: no server could be asked');
  });

  it('--check: current, not current, or a server it could not ask', () => {
    expect(lock([weather], { check: true }).at(-1)).toBe('ca.mcp.lock is current');
    expect(lock([{ ...weather, status: 'locked', changed: ['get_forecast'] }], { check: true }).at(-1)).toBe('ca.mcp.lock is not current: run ca mcp lock and commit it');
    expect(lock([tides, weather], { check: true }).at(-1)).toBe('1 server could not be asked');
  });
});
