import pc from 'picocolors';
import { describe, expect, it } from 'vitest';
import type { CaNode } from '../../src/core/node.js';
import type { ShowResult } from '../../src/core/results.js';
import { compactSchema } from '../../src/ui/mcp/compact-schema.js';
import { renderShow } from '../../src/ui/show-report.js';
import { caNode } from '../helpers/ca-node.js';

const plain = pc.createColors(false);
const show = (node: CaNode) => renderShow({ node, source: '', usedBy: [], diagnostics: [], deployments: [] }, plain).split('\n');

describe('ca show', () => {
  it('says which package a node is defined in, and its own name when its id is qualified', () => {
    const lines = show(caNode('support/triage', { kind: 'flow', localName: 'triage', package: { name: '@acme/support', folder: 'packages/support', version: '0.3.0' } }));
    expect(lines[0]).toBe('support/triage (flow)');
    expect(lines).toContain('  package      @acme/support@0.3.0 (packages/support)');
    expect(lines).toContain('  local name   triage');
  });

  it('marks a registry dependency', () => {
    const lines = show(caNode('lookup_customer', { package: { name: '@acme/shared-tools', folder: 'node_modules/@acme/shared-tools', version: '1.2.0', external: true } }));
    expect(lines).toContain('  package      @acme/shared-tools@1.2.0 (registry, node_modules/@acme/shared-tools)');
    expect(lines.some((line) => line.includes('local name'))).toBe(false);
  });
});

describe('ca show of MCP tools and servers', () => {
  const render = (node: CaNode, extra: Partial<ShowResult>) => renderShow({ node, source: '', usedBy: [], diagnostics: [], deployments: [], ...extra }, plain).split('\n');

  it('gives a tool its server, its name there, the lock state in words and the locked contract, hints marked untrusted', () => {
    const node = caNode('station_forecast', { config: { tool: 'get_forecast', effect: 'read' }, uses: ['weather'] });
    const lines = render(node, {
      mcpTool: {
        server: 'weather',
        tool: 'get_forecast',
        lock: 'locked',
        locked: {
          description: "Tomorrow's forecast\nfor a city.",
          inputSchema: { type: 'object', properties: { city: { type: 'string' }, days: { type: 'integer' } }, required: ['city'] },
          annotations: { readOnlyHint: true },
          hash: 'f'.repeat(64),
          server: { name: 'weather-server', version: '1.4.0' },
        },
      },
    });
    expect(lines).toEqual(
      expect.arrayContaining([
        '  mcp server   weather (weather-server 1.4.0)',
        '  mcp tool     get_forecast',
        '  lock         locked',
        "  description  Tomorrow's forecast",
        '               for a city.',
        '  input        { city: string, days?: integer }',
        "  hints        readOnlyHint: true (the server's; ca does not trust them: effect is what you declare)",
      ]),
    );
  });

  it('says why a tool has no contract and what writes it', () => {
    const node = caNode('get_tides', { config: { tool: 'get_tides' } });
    expect(render(node, { mcpTool: { server: 'tides', tool: 'get_tides', lock: 'missing' } })).toContain('  lock         not in ca.mcp.lock — run ca mcp lock -s tides');
    expect(render(node, { mcpTool: { server: 'tides', tool: 'get_tides', lock: 'unreadable', lockProblem: 'it is not JSON' } })).toContain(
      '  lock         ca.mcp.lock does not parse: it is not JSON — run ca mcp lock',
    );
    expect(render(node, { mcpTool: { server: 'tides', tool: 'get_tides', lock: 'stale' } })).toContain('  lock         stale: the server changed since it was locked — run ca mcp lock -s tides');
  });

  it('tells how a server is reached with the names of its env and headers, never their values', () => {
    const server = caNode('tides', { kind: 'mcp_server', config: { url: '${TIDES_URL}', headers: { Authorization: 'Bearer s3cr3t' } } });
    const lines = render(server, {
      mcpServer: {
        transport: 'http',
        url: '${TIDES_URL}',
        env: [],
        headers: ['Authorization'],
        variables: ['TIDES_URL'],
        lock: 'locked',
        server: { name: 'tides-server', version: '0.2.0' },
        tools: [
          { node: 'get_tides', tool: 'get_tides', lock: 'locked' },
          { node: 'harbour_tides', tool: 'tides_at', lock: 'missing' },
        ],
        undeclared: ['get_moon'],
      },
    });
    expect(lines).toEqual(
      expect.arrayContaining([
        '  transport    streamable HTTP',
        '  url          ${TIDES_URL}',
        '  headers      Authorization',
        "  variables    TIDES_URL (from ca's environment when it starts)",
        '  server       tides-server 0.2.0',
        '  mcp tools    get_tides, harbour_tides (tides_at) [not in ca.mcp.lock]',
        '  undeclared   get_moon (locked, no mcpTool uses them)',
        '  config       none',
      ]),
    );
    expect(lines.join('\n')).not.toContain('s3cr3t');
  });

  it('quotes a stdio command line where a shell would split it', () => {
    const server = caNode('weather', { kind: 'mcp_server', config: { command: 'node', args: ['servers/weather server.mjs'] } });
    const shown = { transport: 'stdio' as const, command: 'node', args: ['servers/weather server.mjs', '--port=${PORT:-0}'], env: [], headers: [], variables: [], lock: 'no-lock' as const, tools: [], undeclared: [] };
    expect(render(server, { mcpServer: shown })).toEqual(
      expect.arrayContaining(["  command      node 'servers/weather server.mjs' --port=${PORT:-0}", '  lock         no ca.mcp.lock — run ca mcp lock', '  mcp tools    none']),
    );
  });
});

describe('compactSchema', () => {
  it('writes a JSON Schema as TypeScript-like types on one line', () => {
    expect(compactSchema({ type: 'object', properties: {} })).toBe('{}');
    expect(
      compactSchema({
        type: 'object',
        properties: {
          units: { enum: ['metric', 'imperial'] },
          days: { type: ['integer', 'null'] },
          stations: { type: 'array', items: { anyOf: [{ type: 'string' }, { type: 'number' }] } },
          'first-day': { type: 'object', properties: { date: { type: 'string' }, hours: { type: 'object', properties: { from: { type: 'integer' } } } }, required: ['date'] },
          tags: { type: 'object', additionalProperties: { type: 'string' } },
        },
        required: ['units'],
      }),
    ).toBe('{ units: "metric" | "imperial", days?: integer | null, stations?: (string | number)[], "first-day"?: { date: string, hours?: {…} }, tags?: { [key: string]: string } }');
  });

  it('shows control characters in names from a server as escapes', () => {
    expect(compactSchema({ type: 'object', properties: { 'ci\u001b[2Jty': { type: 'string' } } })).toBe('{ "ci\\u001b[2Jty"?: string }');
  });
});
