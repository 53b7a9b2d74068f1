import type { Diagnostic } from './diagnostic.js';
import type { CaNode } from './node.js';

/** Discovery's output: every node of the project and every problem found on the way. */
export interface ProjectScan {
  /** Absolute project folder. */
  root: string;
  nodes: CaNode[];
  diagnostics: Diagnostic[];
  /** `// ca-lint-disable-next-line` comments, by file. */
  lintDirectives: Record<string, LintDirective[]>;
  stats: ScanStats;
}

/** `// ca-lint-disable-next-line RULE[, RULE] -- reason`: silences those rules on the next line. */
export interface LintDirective {
  /** Line of the comment (1-based); it applies to the line after it. */
  line: number;
  column: number;
  rules: string[];
  /** The text after `--`; a directive without one is itself a finding. */
  reason?: string;
}

export interface ScanStats {
  /** Source files considered. */
  files: number;
  /** Files parsed this run (the rest came from the per-file cache). */
  parsed: number;
  cached: number;
  durationMs: number;
}
