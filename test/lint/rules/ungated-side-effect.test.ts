import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ungatedSideEffectRule } from '../../../src/lint/rules/ungated-side-effect.js';
import { lintDir } from './lint-fixture.js';
import { copyFixture, FIXTURES } from '../../helpers/temp-project.js';

/** Discovery and this one rule through the real engine: each finding as `rule file:line:column node`. */
async function lint(dir: string, select?: (name: string) => boolean) {
  const output = await lintDir(dir, [ungatedSideEffectRule], { select });
  return {
    diagnostics: output.diagnostics,
    output,
    places: output.findings.map((f) => `${f.ruleId} ${f.file}:${f.line}:${f.column} ${f.node}`),
  };
}

const fixture = (name: 'valid' | 'invalid') => path.join(FIXTURES, 'lint', 'ungated-side-effect', name);

describe('ungated-side-effect', () => {
  it('accepts approval before the call, a gated sub-flow, and agents whose policy or flows gate every path', async () => {
    const { diagnostics, places } = await lint(fixture('valid'));
    expect(diagnostics).toEqual([]);
    expect(places).toEqual([]);
  });

  it('reports ungated calls in bodies at the call, and agents at their definition', async () => {
    const { diagnostics, output, places } = await lint(fixture('invalid'));
    expect(diagnostics).toEqual([]);
    expect(places).toEqual([
      // billing_agent: issue_refund directly in uses, no approval policy
      'ungated-side-effect src/agents.ts:6:14 billing_agent',
      // collections_agent: approval 'never', void_invoice through close_account → void_flow
      'ungated-side-effect src/agents.ts:16:14 collections_agent',
      // front_desk: issue_refund through billing_agent, which does not ask either
      'ungated-side-effect src/agents.ts:38:14 front_desk',
      // refund_flow: ctx.call(issueRefund) comes before its ctx.approve
      'ungated-side-effect src/refunds.ts:10:26 refund_flow',
      // void_flow: no approval at all (close_account, which calls it, is not reported again)
      'ungated-side-effect src/refunds.ts:20:40 void_flow',
      // refund_desk: email_customer before the approval; issue_refund after it is fine
      'ungated-side-effect src/refunds.ts:39:11 refund_desk',
    ]);
    expect(new Set(output.findings.map((f) => f.severity))).toEqual(new Set(['error']));
  });

  it('follows paths outside the selection but reports only selected nodes', async () => {
    const { places } = await lint(fixture('invalid'), (name) => name === 'collections_agent' || name === 'close_account');
    expect(places).toEqual(['ungated-side-effect src/agents.ts:16:14 collections_agent']);
  });

  it('is fixed by approval before the call, and silenced on one line by a disable comment with a reason', async () => {
    const dir = copyFixture('lint/ungated-side-effect/invalid');
    const file = path.join(dir, 'src/refunds.ts');
    const text = readFileSync(file, 'utf8');
    // refund_flow: the approval moves above the refund.
    const fixed = text.replace(
      "    const refund = await ctx.call(issueRefund, { invoice, amountCents: found.amountCents });\n    await ctx.approve(`Refunded ${found.amountCents} cents on ${invoice}. Tell the customer?`);\n",
      "    await ctx.approve(`Refund ${found.amountCents} cents on ${invoice}?`);\n    const refund = await ctx.call(issueRefund, { invoice, amountCents: found.amountCents });\n",
    );
    // void_flow: the team accepts this one, and says why.
    const silenced = fixed.replace(
      '  run: async (ctx, invoice: string) => ctx.call(voidInvoice, { invoice }),',
      '  // ca-lint-disable-next-line ungated-side-effect -- voids only drafts, which nobody has been billed for\n  run: async (ctx, invoice: string) => ctx.call(voidInvoice, { invoice }),',
    );
    expect(silenced).not.toBe(fixed);
    expect(fixed).not.toBe(text);
    writeFileSync(file, silenced);

    const { output, places } = await lint(dir);
    expect(places.filter((place) => place.includes('src/refunds.ts'))).toEqual(['ungated-side-effect src/refunds.ts:40:11 refund_desk']);
    expect(output.suppressed).toBe(1);
  });
});
