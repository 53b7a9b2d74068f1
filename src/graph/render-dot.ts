import type { NodeKind } from '../core/node.js';
import { packageLabel } from '../core/node-package-label.js';
import { visible } from '../core/visible-text.js';
import type { GraphView } from '../core/results.js';
import { nodeLinesByPackage } from './package-blocks.js';

const SHAPES: Record<NodeKind, { shape: string; fill: string }> = {
  tool: { shape: 'box', fill: '#e0f2fe' },
  reasoner: { shape: 'ellipse', fill: '#fef3c7' },
  flow: { shape: 'box', fill: '#dcfce7' },
  agent: { shape: 'doubleoctagon', fill: '#fae8ff' },
  session: { shape: 'component', fill: '#ffe4e6' },
  mcp_server: { shape: 'cylinder', fill: '#e2e8f0' },
};

/** A DOT string: quotes and backslashes escaped; line breaks as DOT's own `\n` and other control characters escaped, by `visible`. */
const quote = (text: string): string => `"${visible(text.replace(/\\/g, '\\\\').replace(/"/g, '\\"'))}"`;

/**
 * Graphviz DOT: `dot -Tsvg` draws it. Nodes from more than one package are drawn in one cluster
 * per package; nodes without a package stay outside them.
 */
export function renderDot(view: GraphView): string {
  const lines = ['digraph ca {', '  rankdir=LR;', '  node [fontname="Helvetica", style="filled,rounded"];'];
  lines.push(
    ...nodeLinesByPackage(view.nodes, nodeLine, {
      open: (pkg, index) => [`subgraph ${quote(`cluster_${index}`)} {`, `  label=${quote(packageLabel(pkg))}; style="rounded"; color="#9ca3af"; fontname="Helvetica";`],
      close: '}',
    }),
  );
  for (const edge of view.edges) {
    const style = edge.kind === 'handoff' ? ' [style=dashed, color="#a21caf", label="handoff"]' : '';
    lines.push(`  ${quote(edge.from)} -> ${quote(edge.to)}${style};`);
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

function nodeLine(node: GraphView['nodes'][number], indent: string): string {
  const { shape, fill } = SHAPES[node.kind];
  return `${indent}${quote(node.name)} [label=${quote(`${node.displayName ?? node.name}\n${node.framework ? `${node.framework} ` : ''}${node.kind}`)}, shape=${shape}, fillcolor=${quote(fill)}, tooltip=${quote(`${node.file}:${node.line}`)}];`;
}
