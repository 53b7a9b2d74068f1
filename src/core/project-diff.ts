import type { Diagnostic } from './diagnostic.js';
import type { NodeKind } from './node.js';

/** What about a node moved between two scans: fingerprint parts, and what `ca ls` shows. */
export const NODE_CHANGE_PARTS = ['body', 'config', 'code', 'kind', 'tags', 'file'] as const;
export type NodeChangePart = (typeof NODE_CHANGE_PARTS)[number];

export interface NodeBrief {
  name: string;
  kind: NodeKind;
  file: string;
  line: number;
}

export interface NodeChange extends NodeBrief {
  /** In the order of NODE_CHANGE_PARTS. A line that only moved is not a change. */
  changes: NodeChangePart[];
}

/**
 * The project now against the previous scan of the same process (`--watch`): nodes by name, and
 * discovery's diagnostics. Sorted by name; empty on the first scan.
 */
export interface ProjectDiff {
  added: NodeBrief[];
  removed: NodeBrief[];
  changed: NodeChange[];
  /** Diagnostics that were not there before (compared without their line, which edits move). */
  newDiagnostics: Diagnostic[];
  /** Diagnostics that are gone. */
  fixedDiagnostics: Diagnostic[];
}

export function emptyProjectDiff(): ProjectDiff {
  return { added: [], removed: [], changed: [], newDiagnostics: [], fixedDiagnostics: [] };
}
