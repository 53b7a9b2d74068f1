import type { Diagnostic } from '../core/diagnostic.js';
import type { CaNode } from '../core/node.js';
import type { NodeBrief, NodeChangePart, ProjectDiff } from '../core/project-diff.js';
import type { ProjectScan } from '../core/project-scan.js';

const brief = (node: CaNode): NodeBrief => ({ name: node.name, kind: node.kind, file: node.file, line: node.line });

function changedParts(before: CaNode, after: CaNode): NodeChangePart[] {
  const parts: NodeChangePart[] = [];
  if (before.fingerprints.body !== after.fingerprints.body) parts.push('body');
  if (before.fingerprints.config !== after.fingerprints.config) parts.push('config');
  if (before.fingerprints.code !== after.fingerprints.code) parts.push('code');
  if (before.kind !== after.kind) parts.push('kind');
  if (before.tags.join('\0') !== after.tags.join('\0')) parts.push('tags');
  if (before.file !== after.file) parts.push('file');
  return parts;
}

/** Line and column left out: an edit above a diagnostic moves it without fixing it. */
const diagnosticKey = (d: Diagnostic): string => [d.code, d.severity, d.file ?? '', d.node ?? '', d.message].join('\0');

/** Items of `after` whose key is not in `before`, counting repeats (a multiset difference). */
function minus<T>(after: readonly T[], before: readonly T[], key: (item: T) => string): T[] {
  const counts = new Map<string, number>();
  for (const item of before) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return after.filter((item) => {
    const left = counts.get(key(item)) ?? 0;
    if (left === 0) return true;
    counts.set(key(item), left - 1);
    return false;
  });
}

/** Node by node and diagnostic by diagnostic, what a re-scan changed. */
export function diffProjects(before: ProjectScan, after: ProjectScan): ProjectDiff {
  const previous = new Map(before.nodes.map((node) => [node.name, node]));
  const current = new Map(after.nodes.map((node) => [node.name, node]));
  const diff: ProjectDiff = {
    added: [],
    removed: [],
    changed: [],
    newDiagnostics: minus(after.diagnostics, before.diagnostics, diagnosticKey),
    fixedDiagnostics: minus(before.diagnostics, after.diagnostics, diagnosticKey),
  };
  for (const [name, node] of current) {
    const old = previous.get(name);
    if (!old) diff.added.push(brief(node));
    else {
      const changes = changedParts(old, node);
      if (changes.length > 0) diff.changed.push({ ...brief(node), changes });
    }
  }
  for (const [name, node] of previous) if (!current.has(name)) diff.removed.push(brief(node));
  for (const list of [diff.added, diff.removed, diff.changed]) list.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return diff;
}
