import { describe, expect, it } from 'vitest';
import { invalidDefinitionRule } from '../../../src/lint/rules/invalid-definition.js';
import { lintFixture, places } from './lint-fixture.js';

const ID = 'invalid-definition';
const rules = [invalidDefinitionRule];

describe(ID, () => {
  it('passes inline object literals, also wrapped in `as const`, and plain objects that are not factory calls', async () => {
    const result = await lintFixture(ID, 'valid', rules);
    expect(result.nodes).toEqual(['issue_refund', 'refund_audit']);
    expect(places(result.findings)).toEqual([]);
  });

  it('reports a factory called with a variable, with a call, and with no argument', async () => {
    const result = await lintFixture(ID, 'invalid', rules);
    expect(places(result.findings)).toEqual([
      `${ID} src/refunds.ts:9:14`, // flow(auditSpec)
      `${ID} src/refunds.ts:14:14`, // tool(refundTool('eur'))
      `${ID} src/refunds.ts:17:14`, // tool()
    ]);
    expect(result.findings.map((f) => f.severity)).toEqual(Array(3).fill('error'));
    // Skipped, not guessed at: none of them becomes a node.
    expect(result.nodes).toEqual([]);
  });
});
