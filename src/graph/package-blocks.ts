import { groupByPackage } from '../core/group-by-package.js';
import type { NodePackage } from '../core/node.js';

/** How a text format opens and closes a block around the nodes of one package. */
export interface PackageBlock {
  /** The lines that open the block of the `index`th package (its lines are indented two more spaces). */
  open(pkg: NodePackage, index: number): string[];
  close: string;
}

/**
 * The node lines of a text rendering, indented two spaces: as they come when the nodes are from
 * one package or none, otherwise one block per package, nodes without a package after them.
 */
export function nodeLinesByPackage<N extends { package?: NodePackage }>(nodes: readonly N[], line: (node: N, indent: string) => string, block: PackageBlock): string[] {
  const groups = groupByPackage(nodes);
  if (groups.length <= 1) return nodes.map((node) => line(node, '  '));
  return groups.flatMap((group, index) =>
    group.package
      ? [...block.open(group.package, index).map((text) => `  ${text}`), ...group.items.map((node) => line(node, '    ')), `  ${block.close}`]
      : group.items.map((node) => line(node, '  ')),
  );
}
