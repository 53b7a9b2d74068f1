import type { Diagnostic } from './diagnostic.js';
import type { CaNode } from './node.js';

/** Discovery's output: every node of the project and every problem found on the way. */
export interface ProjectScan {
  /** Absolute project folder. */
  root: string;
  nodes: CaNode[];
  diagnostics: Diagnostic[];
  stats: ScanStats;
}

export interface ScanStats {
  /** Source files considered. */
  files: number;
  /** Files parsed this run (the rest came from the per-file cache). */
  parsed: number;
  cached: number;
  durationMs: number;
}
