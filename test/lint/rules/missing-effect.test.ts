import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { missingEffectRule } from '../../../src/lint/rules/missing-effect.js';
import { lintDir } from './lint-fixture.js';
import { FIXTURES } from '../../helpers/temp-project.js';

/** Discovery and this one rule through the real engine: each finding as `rule file:line:column node`. */
async function lint(fixture: 'valid' | 'invalid') {
  const output = await lintDir(path.join(FIXTURES, 'lint', 'missing-effect', fixture), [missingEffectRule]);
  return {
    diagnostics: output.diagnostics,
    output,
    places: output.findings.map((f) => `${f.ruleId} ${f.file}:${f.line}:${f.column} ${f.node}`),
  };
}

describe('missing-effect', () => {
  it('accepts tools with a literal effect or one from a const in another module, and never asks a flow', async () => {
    const { diagnostics, places } = await lint('valid');
    expect(diagnostics).toEqual([]);
    expect(places).toEqual([]);
  });

  it('reports a tool with no effect, one whose effect ca cannot read, and an MCP tool whose server claims to be read-only', async () => {
    const { diagnostics, output, places } = await lint('invalid');
    expect(diagnostics).toEqual([]);
    expect(places).toEqual([
      // refund_payment: an mcpTool with no effect; ca.mcp.lock has readOnlyHint: true
      'missing-effect src/payments.ts:6:14 refund_payment',
      // cancel_refund: no effect property
      'missing-effect src/refunds.ts:11:14 cancel_refund',
      // issue_refund: effect: effectFor(50_000)
      'missing-effect src/refunds.ts:20:14 issue_refund',
    ]);
    expect(output.findings.map((f) => f.severity)).toEqual(['warn', 'warn', 'warn']);
    expect(output.findings[0]!.message).toBe("MCP tool refund_payment has no effect, so the runtime assumes 'write': ca does not trust the server's annotations");
    expect(output.findings[0]!.hint).toContain("the server's readOnlyHint and destructiveHint (in ca.mcp.lock) are never taken for it");
  });
});
