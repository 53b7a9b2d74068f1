import path from 'node:path';
import { loadProject } from '../../../src/app/load-project.js';
import type { Diagnostic } from '../../../src/core/diagnostic.js';
import type { Finding, RuleSeverity } from '../../../src/core/finding.js';
import type { Rule } from '../../../src/lint/rule.js';
import { type LintOutput, runLint } from '../../../src/lint/run-lint.js';
import { FIXTURES } from '../../helpers/temp-project.js';

export interface LintedFixture extends LintOutput {
  /** Names of the nodes discovery found, sorted: proof the fixture says what it means to. */
  nodes: string[];
  /** What discovery reported about the fixture. */
  diagnostics: Diagnostic[];
}

/** The folder of one rule's fixture project: fixtures/lint/<id>/<variant>. */
export function fixtureDir(id: string, variant: 'valid' | 'invalid'): string {
  return path.join(FIXTURES, 'lint', id, variant);
}

/**
 * Discovery and the real lint engine over fixtures/lint/<id>/<variant>, cold, with only `rules`
 * turned on: what `ca lint` does, minus config and selection.
 */
export async function lintFixture(
  id: string,
  variant: 'valid' | 'invalid',
  rules: readonly Rule[],
  severities: Record<string, RuleSeverity> = {},
): Promise<LintedFixture> {
  return lintDir(fixtureDir(id, variant), rules, { severities });
}

/** The same over any folder; `select` narrows the nodes linted (the whole graph stays visible). */
export async function lintDir(
  dir: string,
  rules: readonly Rule[],
  options: { severities?: Record<string, RuleSeverity>; select?: (name: string) => boolean } = {},
): Promise<LintedFixture> {
  const project = await loadProject({ project: dir, noCache: true });
  const output = runLint({
    nodes: project.scan.nodes.filter((node) => options.select?.(node.name) ?? true),
    graph: project.graph,
    diagnostics: project.scan.diagnostics,
    directives: project.scan.lintDirectives,
    severities: options.severities ?? {},
    rules,
  });
  return { ...output, nodes: project.scan.nodes.map((node) => node.name).sort(), diagnostics: project.scan.diagnostics };
}

/** Each finding as `rule-id file:line:column`, in the engine's order (file, line, column). */
export function places(findings: readonly Finding[]): string[] {
  return findings.map((f) => `${f.ruleId} ${f.file}:${f.line}:${f.column}`);
}
