import { describe, expect, it } from 'vitest';
import { duplicateNameRule } from '../../../src/lint/rules/duplicate-name.js';
import { lintFixture, places } from './lint-fixture.js';

const ID = 'duplicate-name';
const rules = [duplicateNameRule];

describe(ID, () => {
  it('passes distinct node names, even under the same export name in two files', async () => {
    const result = await lintFixture(ID, 'valid', rules);
    expect(result.nodes).toEqual(['lookup_billing_ticket', 'lookup_ticket']);
    expect(places(result.findings)).toEqual([]);
  });

  it('reports every definition of a name used twice, across files and within one', async () => {
    const result = await lintFixture(ID, 'invalid', rules);
    expect(places(result.findings)).toEqual([
      `${ID} src/billing.ts:4:14`, // lookup_ticket, again
      `${ID} src/tickets.ts:3:14`, // lookup_ticket
      `${ID} src/tickets.ts:10:14`, // close_ticket
      `${ID} src/tickets.ts:18:14`, // close_ticket, copied into reopenTicket
    ]);
    expect(result.findings.map((f) => f.severity)).toEqual(Array(4).fill('error'));
  });
});
