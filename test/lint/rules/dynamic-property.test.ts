import { describe, expect, it } from 'vitest';
import { dynamicPropertyRule } from '../../../src/lint/rules/dynamic-property.js';
import { lintFixture, places } from './lint-fixture.js';

const ID = 'dynamic-property';
const rules = [dynamicPropertyRule];

describe(ID, () => {
  it('passes literal tags and descriptions, and constants holding them, local or imported', async () => {
    const result = await lintFixture(ID, 'valid', rules);
    expect(result.nodes).toEqual(['billing_agent', 'billing_chat', 'fetch_invoice']);
    expect(places(result.findings)).toEqual([]);
  });

  it('reports a computed description, tags from a constant that is not a literal, a spread, a spread inside tags and a computed agent, each at the property', async () => {
    const result = await lintFixture(ID, 'invalid', rules);
    expect(places(result.findings)).toEqual([
      `${ID} src/invoices.ts:9:16`, // description: describeInvoice('customer')
      `${ID} src/invoices.ts:10:9`, // tags: BILLING_TAGS, read from a file in labels.ts
      `${ID} src/invoices.ts:18:3`, // ...billingDefaults
      `${ID} src/invoices.ts:25:9`, // tags: [...OWNER_TAGS, 'billing']
      `${ID} src/invoices.ts:35:10`, // agent: agents.pick('pro')
    ]);
    expect(result.findings.map((f) => f.severity)).toEqual(Array(5).fill('warn'));
    // The definitions themselves are still found.
    expect(result.nodes).toEqual(['billing_agent', 'billing_chat', 'fetch_invoice', 'list_invoices']);
  });
});
