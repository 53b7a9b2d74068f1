import type { NodeKind } from '../core/node.js';
import { visible } from '../core/visible-text.js';
import type { GraphView } from '../core/results.js';

const OPEN_CLOSE: Record<NodeKind, [string, string]> = {
  tool: ['[', ']'],
  reasoner: ['([', '])'],
  flow: ['[[', ']]'],
  agent: ['{{', '}}'],
  session: ['[(', ')]'],
};

/** Mermaid flowchart: pastes into GitHub Markdown. Ids are generated because node names may hold any character. */
export function renderMermaid(view: GraphView): string {
  const ids = new Map(view.nodes.map((node, index) => [node.name, `n${index}`]));
  const lines = ['flowchart LR'];
  for (const node of view.nodes) {
    const [open, close] = OPEN_CLOSE[node.kind];
    const label = `${visible(node.displayName ?? node.name)}<br/><small>${node.framework ? `${node.framework} ` : ''}${node.kind}</small>`.replace(/"/g, '#quot;');
    lines.push(`  ${ids.get(node.name)}${open}"${label}"${close}:::${node.kind}`);
  }
  for (const edge of view.edges) lines.push(`  ${ids.get(edge.from)} ${edge.kind === 'handoff' ? '-.->|handoff|' : '-->'} ${ids.get(edge.to)}`);
  lines.push(
    '  classDef tool fill:#e0f2fe,stroke:#0369a1',
    '  classDef reasoner fill:#fef3c7,stroke:#b45309',
    '  classDef flow fill:#dcfce7,stroke:#15803d',
    '  classDef agent fill:#fae8ff,stroke:#a21caf',
    '  classDef session fill:#ffe4e6,stroke:#be123c',
  );
  return `${lines.join('\n')}\n`;
}
