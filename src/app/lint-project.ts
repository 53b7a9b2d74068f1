import { readFileSync } from 'node:fs';
import path from 'node:path';
import { closest, distance } from 'fastest-levenshtein';
import type { ProjectConfig } from '../config/project-config.js';
import type { Severity } from '../core/diagnostic.js';
import { UserError } from '../core/errors.js';
import { type Finding, SEVERITY_RANK } from '../core/finding.js';
import type { LintResult } from '../core/results.js';
import type { SelectionRequest } from '../core/selection-request.js';
import { allNodes } from '../graph/build-graph.js';
import { redactSource } from '../lint/redact-source.js';
import { knownRuleIds, runLint } from '../lint/run-lint.js';
import { CA_VERSION } from './ca-version.js';
import type { ProjectOptions } from './load-project.js';
import { loadAndSelect } from './select-project.js';

export interface LintOptions extends ProjectOptions {
  selection: SelectionRequest;
  /** --fail-severity; default ca.yaml `lint.failSeverity`, else error. */
  failSeverity?: Severity;
  /** Attach source excerpts to findings (the pretty format shows them). */
  excerpts?: boolean;
}

/** Rule ids in ca.yaml must exist: a typo there would silently keep a rule on (or off). */
function checkRuleIds(config: ProjectConfig): void {
  const known = knownRuleIds();
  for (const id of Object.keys(config.lint.rules ?? {})) {
    if (known.includes(id)) continue;
    const guess = closest(id, known);
    throw new UserError('unknown-lint-rule', `lint.rules: unknown rule '${id}'`, {
      location: { file: path.relative(process.cwd(), config.configFile ?? 'ca.yaml') },
      hint: distance(id, guess) <= 3 ? `did you mean '${guess}'? See docs/rules/.` : 'See docs/rules/ for the rule ids.',
    });
  }
}

/** Lint the selected nodes: only discovery data and the graph; nothing in the project runs. */
export async function lintProject(options: LintOptions): Promise<LintResult> {
  const { config, scan, graph, selection } = await loadAndSelect({ ...options, checkConfig: checkRuleIds });
  // A registry dependency's nodes are the graph's, not the project's code to lint.
  const nodes = allNodes(graph).filter((node) => selection.selected.has(node.name) && node.package?.external !== true);
  const output = runLint({
    nodes,
    graph,
    diagnostics: scan.diagnostics,
    directives: scan.lintDirectives,
    severities: config.lint.rules ?? {},
    providers: Object.keys(config.providers),
  });
  const failSeverity = options.failSeverity ?? config.lint.failSeverity ?? 'error';
  const counts: Record<Severity, number> = { error: 0, warn: 0, info: 0 };
  for (const finding of output.findings) counts[finding.severity]++;
  if (options.excerpts) attachExcerpts(config.root, output.findings, output.redact);
  return {
    schemaVersion: 1,
    caVersion: CA_VERSION,
    root: config.root,
    findings: output.findings,
    suppressed: output.suppressed,
    rules: output.rules,
    linted: nodes.length,
    failSeverity,
    failed: output.findings.some((f) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK[failSeverity]),
    counts,
    // Rules report the diagnostics about definitions; a tsconfig.json that does not read, or a
    // workspace that does not, is about the whole project (which files are sources, where imports
    // lead), so it is said beside the findings, as `ca ls` says it.
    diagnostics: scan.diagnostics.filter((d) => d.code === 'tsconfig-invalid' || d.code === 'workspace-invalid'),
    warnings: selection.warnings,
  };
}

/** The lines around each finding, with the secrets rules found written in code blanked out. */
function attachExcerpts(root: string, findings: Finding[], secrets: readonly string[]): void {
  const files = new Map<string, string[] | undefined>();
  for (const finding of findings) {
    if (!files.has(finding.file)) {
      try {
        files.set(finding.file, readFileSync(path.join(root, finding.file), 'utf8').split(/\r?\n/));
      } catch {
        files.set(finding.file, undefined);
      }
    }
    const lines = files.get(finding.file);
    if (!lines || finding.line > lines.length) continue;
    const firstLine = Math.max(1, finding.line - 1);
    finding.excerpt = { firstLine, lines: lines.slice(firstLine - 1, finding.line + 1).map((line) => redactSource(line, secrets)) };
  }
}
