import { UserError } from './errors.js';
import type { CaNode } from './node.js';

/**
 * The nodes a bare name stands for when no node has it as its id: the package-qualified nodes
 * that carry it (`triage` → `support/triage` when only one package defines it under that id).
 */
export function nodesCarrying(nodes: readonly CaNode[], name: string): CaNode[] {
  return nodes.filter((node) => node.localName === name);
}

/** A bare name that several packages define: a usage error listing the ids that tell them apart. */
export function ambiguousName(name: string, nodes: readonly CaNode[]): UserError {
  const ids = nodes.map((node) => node.name).sort();
  return new UserError('ambiguous-name', `'${name}' is defined in ${ids.length} packages: ${ids.join(', ')}`, {
    hint: `name one by its package-qualified id, as in ${ids[0]}`,
  });
}
