import type { NodeKind } from '../core/node.js';
import { packageLabel } from '../core/node-package-label.js';
import { visible } from '../core/visible-text.js';
import type { GraphView } from '../core/results.js';
import { nodeLinesByPackage } from './package-blocks.js';

const OPEN_CLOSE: Record<NodeKind, [string, string]> = {
  tool: ['[', ']'],
  reasoner: ['([', '])'],
  flow: ['[[', ']]'],
  agent: ['{{', '}}'],
  session: ['[(', ')]'],
  mcp_server: ['[/', '/]'],
};

/**
 * Mermaid flowchart: pastes into GitHub Markdown. Ids are generated because node names may hold any
 * character. Nodes from more than one package are drawn in one subgraph per package.
 */
export function renderMermaid(view: GraphView): string {
  const ids = new Map(view.nodes.map((node, index) => [node.name, `n${index}`]));
  const lines = ['flowchart LR'];
  const nodeLine = (node: GraphView['nodes'][number], indent: string) => {
    const [open, close] = OPEN_CLOSE[node.kind];
    const label = text(`${visible(node.displayName ?? node.name)}<br/><small>${node.framework ? `${node.framework} ` : ''}${node.kind}</small>`);
    return `${indent}${ids.get(node.name)}${open}"${label}"${close}:::${node.kind}`;
  };
  lines.push(
    ...nodeLinesByPackage(view.nodes, nodeLine, {
      open: (pkg, index) => [`subgraph pkg${index} ["${text(visible(packageLabel(pkg)))}"]`],
      close: 'end',
    }),
  );
  for (const edge of view.edges) lines.push(`  ${ids.get(edge.from)} ${edge.kind === 'handoff' ? '-.->|handoff|' : '-->'} ${ids.get(edge.to)}`);
  lines.push(
    '  classDef tool fill:#e0f2fe,stroke:#0369a1',
    '  classDef reasoner fill:#fef3c7,stroke:#b45309',
    '  classDef flow fill:#dcfce7,stroke:#15803d',
    '  classDef agent fill:#fae8ff,stroke:#a21caf',
    '  classDef session fill:#ffe4e6,stroke:#be123c',
    '  classDef mcp_server fill:#e2e8f0,stroke:#475569',
  );
  return `${lines.join('\n')}\n`;
}

/** Text inside Mermaid's double quotes: a double quote as its entity. */
function text(value: string): string {
  return value.replace(/"/g, '#quot;');
}
