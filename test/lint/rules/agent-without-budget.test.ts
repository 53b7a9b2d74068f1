import { describe, expect, it } from 'vitest';
import { agentWithoutBudgetRule } from '../../../src/lint/rules/agent-without-budget.js';
import { lintFixture, places } from './lint-fixture.js';

const ID = 'agent-without-budget';
const rules = [agentWithoutBudgetRule];

describe(ID, () => {
  it('passes agents with any one limit, a budget from an imported constant, a budget ca cannot read, and reasoners', async () => {
    const result = await lintFixture(ID, 'valid', rules);
    expect(result.nodes).toEqual(['billing_agent', 'concierge', 'escalation_agent', 'fetch_invoice', 'invoice_summary', 'lookup_ticket', 'pro_agent', 'refund_agent']);
    expect(places(result.findings)).toEqual([]);
  });

  it('reports an agent without a budget, with an empty one, and with one whose only key is a typo', async () => {
    const result = await lintFixture(ID, 'invalid', rules);
    expect(places(result.findings)).toEqual([
      `${ID} src/agents.ts:4:14`, // concierge: no budget
      `${ID} src/agents.ts:13:14`, // billing_agent: budget: {}
      `${ID} src/agents.ts:23:14`, // refund_agent: budget: { maxRound: 8 }
    ]);
    expect(result.findings.map((f) => f.severity)).toEqual(['warn', 'warn', 'warn']);
  });

  it('names the key it does not read in the hint', async () => {
    const result = await lintFixture(ID, 'invalid', rules);
    expect(result.findings.find((f) => f.node === 'refund_agent')?.hint).toContain('maxRound');
  });
});
