import { closest, distance } from 'fastest-levenshtein';
import { UserError } from '../core/errors.js';
import { ambiguousName, nodesCarrying } from '../core/qualified-name.js';
import type { CaNode } from '../core/node.js';
import type { CaGraph } from '../graph/build-graph.js';

/** The node named `name`, or a usage error with the closest name as a suggestion. */
export function findNode(graph: CaGraph, name: string): CaNode {
  if (graph.hasNode(name)) return graph.node(name);
  // A bare name of a package-qualified node (`triage` for support/triage): found when one package has it.
  const carrying = nodesCarrying(graph.nodes().map((id) => graph.node(id) as CaNode), name);
  if (carrying.length === 1) return carrying[0]!;
  if (carrying.length > 1) throw ambiguousName(name, carrying);
  const names = graph.nodes();
  const suggestion = names.length > 0 ? closest(name, names) : undefined;
  const close = suggestion !== undefined && distance(name, suggestion) <= Math.max(2, Math.floor(name.length / 3));
  throw new UserError('unknown-node', `no node named '${name}'`, {
    hint: close ? `did you mean '${suggestion}'?` : 'Run `ca ls` to see the node names.',
  });
}
