import type { SourceLocation } from './node.js';

export type Severity = 'error' | 'warn' | 'info';

/** Problems discovery and graph building find; never thrown, always reported with a place and a hint. */
export type DiagnosticCode =
  | 'parse-error'
  | 'unreadable-file'
  | 'tsconfig-invalid'
  | 'workspace-invalid'
  | 'duplicate-name'
  | 'dynamic-name'
  | 'missing-name'
  | 'invalid-name'
  | 'dynamic-property'
  | 'unresolved-use'
  | 'invalid-definition'
  | 'dynamic-definition'
  | 'cycle'
  | 'mcp-lock-invalid';

export interface Diagnostic {
  code: DiagnosticCode;
  severity: Severity;
  message: string;
  /** What to do about it. */
  hint?: string;
  file?: string;
  line?: number;
  column?: number;
  /** The node concerned, when there is one. */
  node?: string;
  /** Other places involved (the other definition of a duplicate name, the members of a cycle). */
  related?: SourceLocation[];
}

export function formatLocation(d: { file?: string; line?: number; column?: number }): string {
  if (!d.file) return '';
  if (d.line === undefined) return d.file;
  return d.column === undefined ? `${d.file}:${d.line}` : `${d.file}:${d.line}:${d.column}`;
}
