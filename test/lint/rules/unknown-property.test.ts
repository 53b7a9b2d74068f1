import { describe, expect, it } from 'vitest';
import { unknownPropertyRule } from '../../../src/lint/rules/unknown-property.js';
import { lintFixture, places } from './lint-fixture.js';

const ID = 'unknown-property';
const rules = [unknownPropertyRule];

describe(ID, () => {
  it('passes every field each factory takes, both session forms, and a spread', async () => {
    const result = await lintFixture(ID, 'valid', rules);
    expect(result.nodes).toEqual(['billing_agent', 'billing_chat', 'explain_invoice', 'invoice_desk', 'invoice_summary', 'list_invoices', 'lookup_invoice']);
    expect(result.diagnostics.map((d) => d.code)).toEqual(['dynamic-property']); // the spread, reported by its own rule
    expect(places(result.findings)).toEqual([]);
  });

  it("reports each key its factory does not know, with ca's field for another framework's name, the closest spelling, or the fields there are", async () => {
    const result = await lintFixture(ID, 'invalid', rules);
    expect(places(result.findings)).toEqual([
      `${ID} src/invoices.ts:5:14`, // lookup_invoice: parameters
      `${ID} src/invoices.ts:5:14`, // lookup_invoice: outputSchema
      `${ID} src/invoices.ts:15:14`, // invoice_summary: prompt
      `${ID} src/invoices.ts:32:14`, // billing_agent: desciption
      `${ID} src/invoices.ts:32:14`, // billing_agent: tools
      `${ID} src/invoices.ts:32:14`, // billing_agent: handoffs
      `${ID} src/invoices.ts:32:14`, // billing_agent: owner
    ]);
    expect(result.findings.map((f) => f.severity)).toEqual(Array(7).fill('warn'));
    expect(result.findings[0]!.message).toBe("tool lookup_invoice sets `parameters`, which ca's tool() does not know: the runtime ignores it");
    expect(result.findings.map((f) => f.hint)).toEqual([
      "`parameters` is not a field of ca's tool(); use `input` (any Standard Schema: zod, valibot, arktype …).",
      "`outputSchema` is not a field of ca's tool(); use `output` (any Standard Schema: zod, valibot, arktype …).",
      "`prompt` is not a field of ca's reasoner(); use `system`.",
      "`desciption` is not a field of ca's agent(); did you mean `description`?",
      "`tools` is not a field of ca's agent(); use `uses` (list the tools, flows and agents it may call there; the runtime lets it call nothing else).",
      "`handoffs` is not a field of ca's agent(); use `uses` (list the tools, flows and agents it may call there; the runtime lets it call nothing else).",
      "`owner` is not a field of ca's agent(), which takes name, description, tags, meta, model, instructions, uses, budget, approval, input, output, timeoutMs and retries. Keep your own metadata under meta.",
    ]);
  });
});
