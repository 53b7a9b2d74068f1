import { describe, expect, it } from 'vitest';
import { emptyInstructionsRule } from '../../../src/lint/rules/empty-instructions.js';
import { lintFixture, places } from './lint-fixture.js';

const ID = 'empty-instructions';
const rules = [emptyInstructionsRule];

describe(ID, () => {
  it('passes written prompts, prompts ca cannot read (an import, a template with substitutions), and a reasoner without a system prompt', async () => {
    const result = await lintFixture(ID, 'valid', rules);
    expect(result.nodes).toEqual(['billing_agent', 'concierge', 'invoice_summary', 'refund_agent', 'refund_decision']);
    expect(places(result.findings)).toEqual([]);
  });

  it('reports an agent without instructions, with empty or blank ones, and a reasoner with a blank system prompt', async () => {
    const result = await lintFixture(ID, 'invalid', rules);
    expect(places(result.findings)).toEqual([
      `${ID} src/agents.ts:4:14`, // concierge: no instructions
      `${ID} src/agents.ts:11:14`, // billing_agent: ''
      `${ID} src/agents.ts:20:14`, // refund_agent: a template of whitespace
      `${ID} src/agents.ts:29:14`, // refund_decision: system: '  '
    ]);
    expect(result.findings.map((f) => f.severity)).toEqual(Array(4).fill('error'));
  });
});
