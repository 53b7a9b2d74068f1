import type { CaNode } from '../core/node.js';

/**
 * Whether any nodes use each other in a loop, from the nodes alone (Kahn's algorithm over `uses`).
 * Most projects have no cycle, and answering that needs no graph: a verb that only lists nodes
 * never builds one. Indices rather than names keep it to a few milliseconds at 6,000 nodes.
 */
export function hasCycle(nodes: readonly CaNode[]): boolean {
  const index = new Map<string, number>();
  for (let i = 0; i < nodes.length; i++) index.set(nodes[i]!.name, i);
  const waiting = new Int32Array(nodes.length);
  const usedBy: number[][] = Array.from({ length: nodes.length }, () => []);
  for (let i = 0; i < nodes.length; i++) {
    const uses = nodes[i]!.uses;
    for (let k = 0; k < uses.length; k++) {
      const used = index.get(uses[k]!);
      if (used === undefined || uses.indexOf(uses[k]!) !== k) continue;
      if (used === i) return true;
      waiting[i]!++;
      usedBy[used]!.push(i);
    }
  }
  const ready: number[] = [];
  for (let i = 0; i < nodes.length; i++) if (waiting[i] === 0) ready.push(i);
  let done = 0;
  while (ready.length > 0) {
    const at = ready.pop()!;
    done++;
    for (const user of usedBy[at]!) if (--waiting[user]! === 0) ready.push(user);
  }
  return done < nodes.length;
}
