import { alg, Graph } from '@dagrejs/graphlib';
import type { Diagnostic } from '../core/diagnostic.js';
import { type CaGraph, nodeOf } from './build-graph.js';

/** One diagnostic per strongly connected group of nodes that use each other in a loop. */
export function findCycles(all: CaGraph): Diagnostic[] {
  // Agents handing a conversation back and forth is normal: only uses-edges can form a cycle.
  const graph = usesOnly(all);
  // A topological sort answers "any cycle?" in a fraction of Tarjan's time, and most graphs have none.
  const hasSelfLoop = graph.nodes().some((name) => graph.hasEdge(name, name));
  if (!hasSelfLoop && alg.isAcyclic(graph)) return [];
  // graphlib's findCycles reports a node that uses itself as a cycle of one.
  const cycles = alg.findCycles(graph).map((members) => [...members].sort());
  return cycles
    .sort((a, b) => (a[0]! < b[0]! ? -1 : 1))
    .map((members) => {
      const nodes = members.map((name) => nodeOf(graph, name));
      const first = nodes[0]!;
      const path = [...members, members[0]].join(' → ');
      return {
        code: 'cycle',
        severity: 'error',
        message: members.length === 1 ? `${first.name} uses itself` : `${path} form a cycle`,
        hint: 'Flows and agents must not call each other in a loop: break it by moving the shared step into its own flow.',
        file: first.file,
        line: first.line,
        column: first.column,
        node: first.name,
        related: nodes.slice(1).map((n) => ({ file: n.file, line: n.line, column: n.column })),
      } satisfies Diagnostic;
    });
}

function usesOnly(graph: CaGraph): CaGraph {
  const handoffs = graph.edges().filter((edge) => graph.edge(edge) === 'handoff');
  if (handoffs.length === 0) return graph;
  const copy: CaGraph = new Graph({ directed: true, multigraph: false, compound: false });
  for (const name of graph.nodes()) copy.setNode(name, graph.node(name));
  for (const edge of graph.edges()) if (graph.edge(edge) !== 'handoff') copy.setEdge(edge.v, edge.w, 'uses');
  return copy;
}
