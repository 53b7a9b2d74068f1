import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { undeclaredUseRule } from '../../../src/lint/rules/undeclared-use.js';
import { lintDir } from './lint-fixture.js';
import { FIXTURES } from '../../helpers/temp-project.js';

/** Discovery and this one rule through the real engine: each finding as `rule file:line:column node`. */
async function lint(fixture: 'valid' | 'invalid') {
  const output = await lintDir(path.join(FIXTURES, 'lint', 'undeclared-use', fixture), [undeclaredUseRule]);
  return {
    diagnostics: output.diagnostics,
    findings: output.findings,
    places: output.findings.map((f) => `${f.ruleId} ${f.file}:${f.line}:${f.column} ${f.node}`),
  };
}

describe('undeclared-use', () => {
  it('accepts calls on what uses grants: imported, through a namespace, inside ctx.map, from a session turn', async () => {
    const { diagnostics, places } = await lint('valid');
    expect(diagnostics).toEqual([]);
    // ctx.approve(question) has a reference argument too; only call and think need a grant.
    expect(places).toEqual([]);
  });

  it('reports each call the runtime would deny, at the call', async () => {
    const { diagnostics, findings, places } = await lint('invalid');
    expect(diagnostics).toEqual([]);
    expect(places).toEqual([
      // refund_flow: ctx.think(refundDecision) and ctx.call(issueRefund), neither in uses
      'undeclared-use src/refund-flow.ts:9:28 refund_flow',
      'undeclared-use src/refund-flow.ts:11:12 refund_flow',
      // bulk_refund: ctx.call(step) on a local variable, which ca cannot check
      'undeclared-use src/refund-flow.ts:22:12 bulk_refund',
      // refund_desk: a turn session with no uses at all
      'undeclared-use src/refund-flow.ts:30:25 refund_desk',
      // refund_latest_invoice: a tool, which is granted nothing
      'undeclared-use src/refunds.ts:29:25 refund_latest_invoice',
    ]);
    expect(new Set(findings.map((f) => f.severity))).toEqual(new Set(['error']));
    // The fix names what the user writes in uses: the reference, not the node name.
    expect(findings[0]?.hint).toContain('refundDecision');
  });
});
