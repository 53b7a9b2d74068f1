import type { NodeKind } from '../core/node.js';
import { visible } from '../core/visible-text.js';
import type { GraphView } from '../core/results.js';

const SHAPES: Record<NodeKind, { shape: string; fill: string }> = {
  tool: { shape: 'box', fill: '#e0f2fe' },
  reasoner: { shape: 'ellipse', fill: '#fef3c7' },
  flow: { shape: 'box', fill: '#dcfce7' },
  agent: { shape: 'doubleoctagon', fill: '#fae8ff' },
  session: { shape: 'component', fill: '#ffe4e6' },
};

/** A DOT string: quotes and backslashes escaped; line breaks as DOT's own `\n` and other control characters escaped, by `visible`. */
const quote = (text: string): string => `"${visible(text.replace(/\\/g, '\\\\').replace(/"/g, '\\"'))}"`;

/** Graphviz DOT: `dot -Tsvg` draws it. */
export function renderDot(view: GraphView): string {
  const lines = ['digraph ca {', '  rankdir=LR;', '  node [fontname="Helvetica", style="filled,rounded"];'];
  for (const node of view.nodes) {
    const { shape, fill } = SHAPES[node.kind];
    lines.push(`  ${quote(node.name)} [label=${quote(`${node.displayName ?? node.name}\n${node.framework ? `${node.framework} ` : ''}${node.kind}`)}, shape=${shape}, fillcolor=${quote(fill)}, tooltip=${quote(`${node.file}:${node.line}`)}];`);
  }
  for (const edge of view.edges) {
    const style = edge.kind === 'handoff' ? ' [style=dashed, color="#a21caf", label="handoff"]' : '';
    lines.push(`  ${quote(edge.from)} -> ${quote(edge.to)}${style};`);
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}
