import type { Fingerprints } from '../core/node.js';
import { STATE_PARTS, type StateDiff } from '../core/state-diff.js';

/** A baseline node: its fingerprints, or only `self` when that is all the baseline kept (a node shipped inside a deployed artifact). */
export interface BaselineEntry {
  fingerprints: Fingerprints | { self: string };
}

/** Node by node: new, old, and which fingerprint parts of the old ones moved. */
export function diffNodes(
  baseline: string,
  current: ReadonlyMap<string, { fingerprints: Fingerprints }>,
  previous: ReadonlyMap<string, BaselineEntry>,
): StateDiff {
  const diff: StateDiff = { baseline, new: [], old: [], modified: { body: [], config: [], code: [] }, removed: [] };
  for (const [name, node] of current) {
    const before = previous.get(name);
    if (!before) {
      diff.new.push(name);
      continue;
    }
    diff.old.push(name);
    const parts = before.fingerprints as Partial<Fingerprints>;
    for (const part of STATE_PARTS) {
      // With only `self` known, a change cannot be placed: it counts for every part.
      const moved = parts[part] === undefined ? node.fingerprints.self !== parts.self : node.fingerprints[part] !== parts[part];
      if (moved) diff.modified[part].push(name);
    }
  }
  for (const name of previous.keys()) if (!current.has(name)) diff.removed.push(name);
  for (const list of [diff.new, diff.old, diff.removed, ...Object.values(diff.modified)]) list.sort();
  return diff;
}
