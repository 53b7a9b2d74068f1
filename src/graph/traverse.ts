import type { CaGraph } from './build-graph.js';

/**
 * Nodes reachable from `start` by following `next`, up to `depth` hops (undefined = unlimited),
 * `start` excluded. Breadth-first, so each node is reached at its shortest distance; cycles end.
 */
function walk(start: Iterable<string>, next: (name: string) => string[], depth?: number): Set<string> {
  const seen = new Set<string>();
  let frontier = [...start];
  const origin = new Set(frontier);
  for (let hop = 0; frontier.length > 0 && (depth === undefined || hop < depth); hop++) {
    const following: string[] = [];
    for (const name of frontier) {
      for (const neighbour of next(name)) {
        if (seen.has(neighbour) || origin.has(neighbour)) continue;
        seen.add(neighbour);
        following.push(neighbour);
      }
    }
    frontier = following;
  }
  return seen;
}

/** Upstream: the nodes these use, transitively (`+x`, `N+x`). */
export function ancestors(graph: CaGraph, names: Iterable<string>, depth?: number): Set<string> {
  return walk(names, (name) => graph.predecessors(name) ?? [], depth);
}

/** Downstream: the nodes that use these, transitively (`x+`, `x+N`). */
export function descendants(graph: CaGraph, names: Iterable<string>, depth?: number): Set<string> {
  return walk(names, (name) => graph.successors(name) ?? [], depth);
}

/** The nodes directly used by `name`. */
export function parentsOf(graph: CaGraph, name: string): string[] {
  return [...(graph.predecessors(name) ?? [])].sort();
}

/** The nodes that directly use `name`. */
export function childrenOf(graph: CaGraph, name: string): string[] {
  return [...(graph.successors(name) ?? [])].sort();
}
