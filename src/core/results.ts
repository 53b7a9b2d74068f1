import type { Diagnostic, Severity } from './diagnostic.js';
import type { Finding, RuleSummary } from './finding.js';
import type { Manifest } from './manifest.js';
import type { CaNode, NodeKind } from './node.js';

/**
 * What each verb returns: plain, serialisable data. `--json` prints it as is; reporters in ui/
 * render it for people. Nothing here holds a live object.
 */

/** Problems found on the way, shared by every verb that scans the project. */
export interface ScanNotes {
  diagnostics: Diagnostic[];
  /** Selection warnings (a criterion that matched nothing). */
  warnings: string[];
}

export interface ListResult extends ScanNotes {
  nodes: CaNode[];
  /** Nodes in the project, before selection. */
  total: number;
}

export interface ShowResult {
  node: CaNode;
  /** The definition's source lines, as they are on disk now. */
  source: string;
  usedBy: string[];
  /** Diagnostics about this node. */
  diagnostics: Diagnostic[];
}

/** The selected part of the graph. */
export interface GraphView {
  nodes: { name: string; kind: NodeKind; tags: string[]; file: string; line: number }[];
  /** `from` is used by `to` (from is upstream). */
  edges: { from: string; to: string }[];
}

export const GRAPH_FORMATS = ['dot', 'mermaid', 'json'] as const;
export type GraphFormat = (typeof GRAPH_FORMATS)[number];

export interface GraphResult extends GraphView, ScanNotes {
  format: GraphFormat;
  /** The rendered text (DOT, Mermaid or JSON). */
  text: string;
}

export interface ManifestResult extends ScanNotes {
  /** Where it was written (absolute), or '-' for stdout. */
  path: string;
  manifest: Manifest;
}

export const LINT_FORMATS = ['pretty', 'json', 'github', 'sarif'] as const;
export type LintFormat = (typeof LINT_FORMATS)[number];

export interface LintResult extends ScanNotes {
  /** Bumped when this shape changes incompatibly. */
  schemaVersion: 1;
  caVersion: string;
  /** Absolute project folder (SARIF's %SRCROOT%). */
  root: string;
  /** Sorted by file, line, column. */
  findings: Finding[];
  /** Findings silenced by `// ca-lint-disable-next-line` comments. */
  suppressed: number;
  /** Every rule with its effective severity. */
  rules: RuleSummary[];
  /** Nodes checked (the selection). */
  linted: number;
  failSeverity: Severity;
  /** Whether any finding is at or above failSeverity: the exit code is 1 when true. */
  failed: boolean;
  counts: Record<Severity, number>;
}
