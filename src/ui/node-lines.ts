import { displayName } from '../core/node-name.js';
import type { CaNode } from '../core/node.js';
import { visible } from '../core/visible-text.js';

/** `ca ls --output names`: one name per line, for xargs; a name the runtime would refuse is quoted and escaped. */
export function renderNodeNames(nodes: readonly CaNode[]): string {
  return nodes.map((node) => displayName(node.name)).join('\n');
}

/** `ca ls --output paths`: file:line per node, for editors and grep. */
export function renderNodePaths(nodes: readonly CaNode[]): string {
  return nodes.map((node) => `${visible(node.file)}:${node.line}`).join('\n');
}
