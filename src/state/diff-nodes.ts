import type { Fingerprints } from '../core/node.js';
import { STATE_PARTS, type StateDiff } from '../core/state-diff.js';

/** A baseline node: its fingerprints, or only `self` when that is all the baseline kept (a node shipped inside a deployed artifact). */
export interface BaselineEntry {
  fingerprints: Fingerprints | { self: string };
  /** The name a package-qualified node carries (`support/triage` → triage). */
  localName?: string;
  /** The package the node was defined in, when the baseline says. */
  package?: { name: string };
}

/**
 * Node by node: new, old, and which fingerprint parts of the old ones moved. A node whose id only
 * gained or lost its package qualifier (a second package started or stopped defining its name:
 * `triage` ↔ `support/triage`) is the same node, not a new one.
 */
export function diffNodes(
  baseline: string,
  current: ReadonlyMap<string, { fingerprints: Fingerprints; localName?: string; package?: { name: string } }>,
  previous: ReadonlyMap<string, BaselineEntry>,
): StateDiff {
  const diff: StateDiff = { baseline, new: [], old: [], modified: { body: [], config: [], code: [] }, removed: [] };
  const renamed = requalified(current, previous);
  for (const [name, node] of current) {
    const before = previous.get(renamed.get(name) ?? name);
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
  const matched = new Set(renamed.values());
  for (const name of previous.keys()) if (!current.has(name) && !matched.has(name)) diff.removed.push(name);
  for (const list of [diff.new, diff.old, diff.removed, ...Object.values(diff.modified)]) list.sort();
  return diff;
}

/** Current id → the baseline id of the same definition under the other form of its name (qualified or bare), in the same package. */
function requalified(current: ReadonlyMap<string, { localName?: string; package?: { name: string } }>, previous: ReadonlyMap<string, BaselineEntry>): Map<string, string> {
  const renamed = new Map<string, string>();
  const samePackage = (a: { package?: { name: string } }, b: BaselineEntry) => b.package === undefined || a.package?.name === b.package.name;
  const qualifiedBefore = new Map<string, string[]>();
  for (const [id, entry] of previous) if (entry.localName !== undefined) qualifiedBefore.set(entry.localName, [...(qualifiedBefore.get(entry.localName) ?? []), id]);
  for (const [name, node] of current) {
    if (previous.has(name)) continue;
    // Qualified now, bare before (a second package started defining the name).
    const bare = node.localName === undefined ? undefined : previous.get(node.localName);
    if (bare && !current.has(node.localName!) && samePackage(node, bare)) renamed.set(name, node.localName!);
    // Bare now, qualified before (the other package stopped defining it).
    if (node.localName === undefined) {
      const before = (qualifiedBefore.get(name) ?? []).filter((id) => !current.has(id) && samePackage(node, previous.get(id)!));
      if (before.length === 1) renamed.set(name, before[0]!);
    }
  }
  // Two current ids claiming one baseline node (the baseline does not say its package): neither is matched.
  const claims = new Map<string, number>();
  for (const target of renamed.values()) claims.set(target, (claims.get(target) ?? 0) + 1);
  for (const [name, target] of renamed) if (claims.get(target)! > 1) renamed.delete(name);
  return renamed;
}
