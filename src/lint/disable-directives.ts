import type { Severity } from '../core/diagnostic.js';
import type { Finding } from '../core/finding.js';
import type { LintDirective } from '../core/project-scan.js';
import { docsUrl, type RuleMeta } from './rule.js';

/** The rule about disable comments themselves: each needs a reason, and must name real rules. */
export const DISABLE_DIRECTIVE_RULE: RuleMeta = {
  id: 'disable-directive',
  defaultSeverity: 'warn',
  description: 'A `ca-lint-disable-next-line` comment without a reason after `--`, or naming no known rule.',
  docsUrl: docsUrl('disable-directive'),
  messages: {
    missingReason: 'this disable comment gives no reason: write `-- why` after the rule ids',
    unknownRule: "this disable comment names '{{rule}}', which is not a ca lint rule",
    noRule: 'this disable comment names no rule: list the rule ids it silences',
  },
};

export interface DirectiveOutcome {
  kept: Finding[];
  suppressed: number;
  /** Findings about the comments themselves. */
  problems: Omit<Finding, 'severity'>[];
}

/**
 * Applies `// ca-lint-disable-next-line RULE -- reason` comments: a finding on the line after a
 * comment naming its rule is dropped. Comments are checked too (reason given, rules known).
 */
export function applyDisableDirectives(
  findings: readonly Finding[],
  directives: Readonly<Record<string, readonly LintDirective[]>>,
  knownRules: ReadonlySet<string>,
): DirectiveOutcome {
  const kept: Finding[] = [];
  let suppressed = 0;
  for (const finding of findings) {
    const silenced = (directives[finding.file] ?? []).some(
      (directive) => directive.line === finding.line - 1 && directive.rules.includes(finding.ruleId),
    );
    if (silenced) suppressed++;
    else kept.push(finding);
  }
  const problems: DirectiveOutcome['problems'] = [];
  const message = (id: keyof typeof DISABLE_DIRECTIVE_RULE.messages, rule = '') =>
    DISABLE_DIRECTIVE_RULE.messages[id]!.replace('{{rule}}', rule);
  for (const [file, list] of Object.entries(directives)) {
    for (const directive of list) {
      const at = { ruleId: DISABLE_DIRECTIVE_RULE.id, file, line: directive.line, column: directive.column };
      if (directive.rules.length === 0) problems.push({ ...at, message: message('noRule') });
      for (const rule of directive.rules) {
        if (!knownRules.has(rule)) problems.push({ ...at, message: message('unknownRule', rule) });
      }
      if (directive.reason === undefined) problems.push({ ...at, message: message('missingReason') });
    }
  }
  return { kept, suppressed, problems };
}

