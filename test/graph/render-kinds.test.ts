import { describe, expect, it } from 'vitest';
import { NODE_KINDS } from '../../src/core/node.js';
import { buildGraph } from '../../src/graph/build-graph.js';
import { viewOf } from '../../src/graph/graph-view.js';
import { renderDot } from '../../src/graph/render-dot.js';
import { renderMermaid } from '../../src/graph/render-mermaid.js';
import { caNode } from '../helpers/ca-node.js';

// An MCP server and its tool, used by a flow: the server is drawn as a kind of its own.
const nodes = [
  caNode('weather', { kind: 'mcp_server' }),
  caNode('get_forecast', { uses: ['weather'], mcp: { server: 'weather', tool: 'get_forecast', lock: 'locked' } }),
  caNode('forecast', { kind: 'flow', uses: ['get_forecast'] }),
];
const view = viewOf(buildGraph(nodes), new Set(nodes.map((node) => node.name)));

describe('every kind in DOT and Mermaid', () => {
  it('draws an mcp_server as a slate cylinder in DOT, upstream of its tools', () => {
    const dot = renderDot(view);
    expect(dot).toContain('"weather" [label="weather\\nmcp_server", shape=cylinder, fillcolor="#e2e8f0", tooltip="src/weather.ts:3"];');
    expect(dot).toContain('"weather" -> "get_forecast";');
  });

  it('gives every kind a Mermaid class, so an mcp_server parallelogram is coloured too', () => {
    const mermaid = renderMermaid(view);
    expect(mermaid).toContain('n2[/"weather<br/><small>mcp_server</small>"/]:::mcp_server');
    for (const kind of NODE_KINDS) expect(mermaid).toMatch(new RegExp(`^  classDef ${kind} fill:#[0-9a-f]{6},stroke:#[0-9a-f]{6}$`, 'm'));
  });
});
