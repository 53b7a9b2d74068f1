import { Graph, type Label } from '@dagrejs/graphlib';
import type { CaNode, EdgeKind } from '../core/node.js';

/**
 * The cross-agent graph: one vertex per node name, labelled with the node; edge B → A when A uses
 * B (label `uses`) or hands the conversation off to B (label `handoff`; `uses` wins when both).
 */
export type CaGraph = Graph<Label, CaNode, EdgeKind>;

export function buildGraph(nodes: readonly CaNode[]): CaGraph {
  const graph: CaGraph = new Graph({ directed: true, multigraph: false, compound: false });
  for (const node of nodes) graph.setNode(node.name, node);
  const names = new Set(nodes.map((node) => node.name));
  for (const node of nodes) {
    for (const used of node.uses) {
      if (names.has(used)) graph.setEdge(used, node.name, 'uses');
    }
  }
  for (const node of nodes) {
    for (const target of node.handoffs ?? []) {
      if (names.has(target) && !graph.hasEdge(target, node.name)) graph.setEdge(target, node.name, 'handoff');
    }
  }
  return graph;
}

export function edgeKind(graph: CaGraph, from: string, to: string): EdgeKind {
  return graph.edge(from, to) ?? 'uses';
}

export function nodeOf(graph: CaGraph, name: string): CaNode {
  const node = graph.node(name);
  if (!node) throw new Error(`graph has no node ${name}`);
  return node;
}

/** Nodes in name order, the order every listing uses. */
export function byName(a: CaNode, b: CaNode): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

export function allNodes(graph: CaGraph): CaNode[] {
  return graph.nodes().map((name) => nodeOf(graph, name)).sort(byName);
}
