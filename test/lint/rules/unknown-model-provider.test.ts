import { describe, expect, it } from 'vitest';
import { loadProject } from '../../../src/app/load-project.js';
import { MODEL_PROVIDERS } from '../../../src/core/model-providers.js';
import { unknownModelProviderRule } from '../../../src/lint/rules/unknown-model-provider.js';
import { runLint } from '../../../src/lint/run-lint.js';
import { fixtureDir, lintFixture, places } from './lint-fixture.js';

const ID = 'unknown-model-provider';
const rules = [unknownModelProviderRule];

describe(ID, () => {
  it('passes every provider ca serves, a model from an imported constant, and a model ca cannot read', async () => {
    const result = await lintFixture(ID, 'valid', rules);
    expect(result.nodes).toEqual(['classify_ticket', 'invoice_summary', 'invoice_summary_fake', 'refund_agent', 'refund_decision', 'ticket_agent']);
    expect(places(result.findings)).toEqual([]);
  });

  it('reports an unknown provider, also through an imported constant, a model with no provider, a wrongly cased one and a non-string model', async () => {
    const result = await lintFixture(ID, 'invalid', rules);
    expect(places(result.findings)).toEqual([
      `${ID} src/refunds.ts:5:14`, // refund_decision: 'azure:gpt-4o'
      `${ID} src/refunds.ts:13:14`, // refund_agent: REFUND_MODEL from models.ts, 'azure:gpt-4o'
      `${ID} src/tickets.ts:4:14`, // classify_ticket: 'gpt-4o-mini'
      `${ID} src/tickets.ts:12:14`, // ticket_agent: 'OpenAI:gpt-4o'
      `${ID} src/tickets.ts:22:14`, // invoice_summary: { provider, id }
    ]);
    expect(result.findings.map((f) => f.severity)).toEqual(Array(5).fill('error'));
    expect(result.findings.map((f) => f.node)).toEqual(['refund_decision', 'refund_agent', 'classify_ticket', 'ticket_agent', 'invoice_summary']);
  });

  it('lists the providers ca serves in the hint', async () => {
    const result = await lintFixture(ID, 'invalid', rules);
    for (const finding of result.findings) {
      for (const provider of MODEL_PROVIDERS) expect(finding.hint, finding.node).toContain(provider);
    }
  });

  it('accepts a provider declared under providers: in ca.yaml, and names it in the hint of the others', async () => {
    const project = await loadProject({ project: fixtureDir(ID, 'invalid'), noCache: true });
    const { findings } = runLint({
      nodes: project.scan.nodes,
      graph: project.graph,
      diagnostics: project.scan.diagnostics,
      directives: project.scan.lintDirectives,
      severities: {},
      providers: ['azure'],
      rules,
    });
    // refund_decision and refund_agent use 'azure:gpt-4o': no longer findings.
    expect(findings.map((f) => f.node)).toEqual(['classify_ticket', 'ticket_agent', 'invoice_summary']);
    for (const finding of findings) expect(finding.hint).toContain('azure');
  });
});
