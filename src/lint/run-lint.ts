import type { Diagnostic, Severity } from '../core/diagnostic.js';
import type { Finding, RuleSeverity, RuleSummary } from '../core/finding.js';
import { MODEL_PROVIDERS } from '../core/model-providers.js';
import type { CaNode } from '../core/node.js';
import type { LintDirective } from '../core/project-scan.js';
import type { CaGraph } from '../graph/build-graph.js';
import { applyDisableDirectives, DISABLE_DIRECTIVE_RULE } from './disable-directives.js';
import type { Report, Rule, RuleContext } from './rule.js';
import { RULES } from './rules/index.js';

export interface LintInput {
  /** The selected nodes. */
  nodes: readonly CaNode[];
  graph: CaGraph;
  /** Every discovery diagnostic of the project. */
  diagnostics: readonly Diagnostic[];
  directives: Readonly<Record<string, readonly LintDirective[]>>;
  /** Severities from ca.yaml `lint.rules`. */
  severities: Readonly<Record<string, RuleSeverity>>;
  /** Providers declared under `providers:` in ca.yaml, served on top of ca's own. */
  providers?: readonly string[];
  rules?: readonly Rule[];
}

export interface LintOutput {
  findings: Finding[];
  suppressed: number;
  rules: RuleSummary[];
  /** What rules asked to keep out of every output (secrets written in code): for the excerpts the app reads (lint/redact-source.ts). */
  redact: string[];
}

/** Every rule id, the disable-directive rule included: what ca.yaml and comments may name. */
export function knownRuleIds(rules: readonly Rule[] = RULES): string[] {
  return [...rules.map((rule) => rule.meta.id), DISABLE_DIRECTIVE_RULE.id];
}

/**
 * Runs every rule that is not off over the selection. Diagnostics about selected nodes, and
 * file-level ones (a file that does not parse has no node to select), are in scope.
 */
export function runLint(input: LintInput): LintOutput {
  const rules = input.rules ?? RULES;
  const selected = new Set(input.nodes.map((node) => node.name));
  const diagnostics = input.diagnostics.filter((d) => d.node === undefined || selected.has(d.node));
  const severityOf = (id: string, fallback: Severity): RuleSeverity => input.severities[id] ?? fallback;
  const findings: Finding[] = [];
  const redact = new Set<string>();
  const providers = [...MODEL_PROVIDERS, ...(input.providers ?? []).filter((name) => !(MODEL_PROVIDERS as readonly string[]).includes(name))];

  const sdkNodes = input.nodes.filter((node) => node.framework === undefined);
  for (const rule of rules) {
    const severity = severityOf(rule.meta.id, rule.meta.defaultSeverity);
    if (severity === 'off') continue;
    const report = (r: Report): void => {
      const template = rule.meta.messages[r.messageId];
      if (template === undefined) throw new Error(`rule ${rule.meta.id} has no message ${r.messageId}`);
      const message = template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, key: string) => String(r.data?.[key] ?? `{{${key}}}`));
      const place = r.at ?? (r.node ? { file: r.node.file, line: r.node.line, column: r.node.column } : undefined);
      if (!place) throw new Error(`rule ${rule.meta.id} reported without a place`);
      const finding: Finding = { ruleId: rule.meta.id, severity, message, ...place };
      if (r.node) finding.node = r.node.name;
      if (r.hint) finding.hint = r.hint;
      for (const value of r.redact ?? []) redact.add(value);
      findings.push(finding);
    };
    const context: RuleContext = {
      nodes: rule.meta.sdkOnly ? sdkNodes : input.nodes,
      graph: input.graph,
      node: (name) => (input.graph.hasNode(name) ? input.graph.node(name) : undefined),
      diagnostics,
      providers,
      report,
    };
    rule.check(context);
  }

  const known = new Set(knownRuleIds(rules));
  const outcome = applyDisableDirectives(findings, input.directives, known);
  const directiveSeverity = severityOf(DISABLE_DIRECTIVE_RULE.id, DISABLE_DIRECTIVE_RULE.defaultSeverity);
  const all = [...outcome.kept];
  if (directiveSeverity !== 'off') for (const problem of outcome.problems) all.push({ ...problem, severity: directiveSeverity });
  all.sort((a, b) => (a.file !== b.file ? (a.file < b.file ? -1 : 1) : a.line - b.line || a.column - b.column || (a.ruleId < b.ruleId ? -1 : 1)));

  const summaries: RuleSummary[] = [...rules.map((rule) => rule.meta), DISABLE_DIRECTIVE_RULE].map((meta) => ({
    id: meta.id,
    severity: severityOf(meta.id, meta.defaultSeverity),
    description: meta.description,
    docsUrl: meta.docsUrl,
  }));
  return { findings: all, suppressed: outcome.suppressed, rules: summaries, redact: [...redact] };
}
