import type { Fingerprints } from '../core/node.js';
import { STATE_PARTS, type StateDiff } from '../core/state-diff.js';

/** Node by node: new, old, and which fingerprint parts of the old ones moved. */
export function diffNodes(
  baseline: string,
  current: ReadonlyMap<string, { fingerprints: Fingerprints }>,
  previous: ReadonlyMap<string, { fingerprints: Fingerprints }>,
): StateDiff {
  const diff: StateDiff = { baseline, new: [], old: [], modified: { body: [], config: [], code: [] }, removed: [] };
  for (const [name, node] of current) {
    const before = previous.get(name);
    if (!before) {
      diff.new.push(name);
      continue;
    }
    diff.old.push(name);
    for (const part of STATE_PARTS) {
      if (node.fingerprints[part] !== before.fingerprints[part]) diff.modified[part].push(name);
    }
  }
  for (const name of previous.keys()) if (!current.has(name)) diff.removed.push(name);
  for (const list of [diff.new, diff.old, diff.removed, ...Object.values(diff.modified)]) list.sort();
  return diff;
}
