import { describe, expect, it } from 'vitest';
import { dynamicNameRule } from '../../../src/lint/rules/dynamic-name.js';
import { lintFixture, places } from './lint-fixture.js';

const ID = 'dynamic-name';
const rules = [dynamicNameRule];

describe(ID, () => {
  it('passes string literals, a local const string, an imported const string and a template without substitutions', async () => {
    const result = await lintFixture(ID, 'valid', rules);
    expect(result.nodes).toEqual(['close_ticket', 'escalate_ticket', 'lookup_ticket']);
    expect(places(result.findings)).toEqual([]);
  });

  it('reports a computed name, a name held in a let, and a missing name', async () => {
    const result = await lintFixture(ID, 'invalid', rules);
    expect(places(result.findings)).toEqual([
      `${ID} src/refunds.ts:6:14`, // `refunds_${region}`
      `${ID} src/refunds.ts:13:14`, // let auditName
      `${ID} src/refunds.ts:19:14`, // no name property
    ]);
    expect(result.findings.map((f) => f.severity)).toEqual(Array(3).fill('error'));
    expect(result.nodes).toEqual(['refund_status']);
  });
});
