import type { Severity } from './diagnostic.js';

/** A rule's severity as configured: `off` turns it off. */
export type RuleSeverity = Severity | 'off';
export const RULE_SEVERITIES: readonly RuleSeverity[] = ['off', 'info', 'warn', 'error'];

/** Severities from least to most severe, for thresholds. */
export const SEVERITY_RANK: Record<Severity, number> = { info: 0, warn: 1, error: 2 };

/** One thing `ca lint` reports. */
export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  /** What to do about it. */
  hint?: string;
  /** The node concerned, when there is one. */
  node?: string;
  /** Project-relative path. */
  file: string;
  line: number;
  column: number;
  /** Source lines around the place (for `--format pretty`), read by the app, never by reporters. */
  excerpt?: { firstLine: number; lines: string[] };
}

/** A rule as run: for reporters (SARIF's rule table, `--json`). */
export interface RuleSummary {
  id: string;
  severity: RuleSeverity;
  description: string;
  docsUrl: string;
}
