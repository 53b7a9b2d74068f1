import path from 'node:path';
import { loadProject } from '../../../src/app/load-project.js';
import type { RuleSeverity, Finding } from '../../../src/core/finding.js';
import type { Rule } from '../../../src/lint/rule.js';
import { type LintOutput, runLint } from '../../../src/lint/run-lint.js';
import { FIXTURES } from '../../helpers/temp-project.js';

export interface LintedFixture extends LintOutput {
  /** Names of the nodes discovery found, sorted: proof the fixture says what it means to. */
  nodes: string[];
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
  const project = await loadProject({ project: fixtureDir(id, variant), noCache: true });
  const output = runLint({
    nodes: project.scan.nodes,
    graph: project.graph,
    diagnostics: project.scan.diagnostics,
    directives: project.scan.lintDirectives,
    severities,
    rules,
  });
  return { ...output, nodes: project.scan.nodes.map((node) => node.name).sort() };
}

/** Each finding as `rule-id file:line:column`, in the engine's order (file, line, column). */
export function places(findings: readonly Finding[]): string[] {
  return findings.map((f) => `${f.ruleId} ${f.file}:${f.line}:${f.column}`);
}
