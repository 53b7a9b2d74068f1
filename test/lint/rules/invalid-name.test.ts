import { describe, expect, it } from 'vitest';
import { invalidNameRule } from '../../../src/lint/rules/invalid-name.js';
import { lintFixture, places } from './lint-fixture.js';

const ID = 'invalid-name';
const rules = [invalidNameRule];

describe(ID, () => {
  it('passes names made of letters, digits, _, . and - that start with a letter or _', async () => {
    const result = await lintFixture(ID, 'valid', rules);
    expect(result.nodes).toEqual(['_audit_invoice', 'chase_invoice', 'invoices.v2-lookup', 'lookup_invoice']);
    expect(places(result.findings)).toEqual([]);
  });

  it('reports a name with a space, one starting with a digit and one holding a newline, and keeps them in the graph', async () => {
    const result = await lintFixture(ID, 'invalid', rules);
    expect(places(result.findings)).toEqual([`${ID} src/invoices.ts:4:14`, `${ID} src/invoices.ts:7:14`, `${ID} src/invoices.ts:10:14`]);
    expect(result.findings.map((f) => f.severity)).toEqual(Array(3).fill('error'));
    // The message quotes the name with its newline escaped: it is one line.
    expect(result.findings[2]!.message).toBe('the name "chase_invoice\\n::warning title=ok::all clear" of this flow is not a valid node name');
    expect(result.nodes).toEqual(['2nd_notice', 'chase_invoice\n::warning title=ok::all clear', 'lookup invoice']);
  });
});
