import type { CaNode } from '../core/node.js';
import type { GraphView } from '../core/results.js';
import { type CaGraph, nodeOf } from './build-graph.js';


/** The subgraph induced by `selected`: those nodes and the edges between them. */
export function viewOf(graph: CaGraph, selected: ReadonlySet<string>): GraphView {
  const nodes = [...selected].sort().map((name) => summary(nodeOf(graph, name)));
  const edges = graph
    .edges()
    .filter((edge) => selected.has(edge.v) && selected.has(edge.w))
    .map((edge) => ({ from: edge.v, to: edge.w, kind: graph.edge(edge) ?? 'uses' }))
    .sort((a, b) => (a.from === b.from ? (a.to < b.to ? -1 : 1) : a.from < b.from ? -1 : 1));
  return { nodes, edges };
}

function summary(node: CaNode): GraphView['nodes'][number] {
  const item: GraphView['nodes'][number] = { name: node.name, kind: node.kind, tags: node.tags, file: node.file, line: node.line };
  if (node.framework) item.framework = node.framework;
  if (node.displayName) item.displayName = node.displayName;
  if (node.package) item.package = node.package;
  return item;
}
