import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { missingDescriptionRule } from '../../../src/lint/rules/missing-description.js';
import { lintDir } from './lint-fixture.js';
import { FIXTURES } from '../../helpers/temp-project.js';

/** Discovery and this one rule through the real engine: each finding as `rule file:line:column node`. */
async function lint(fixture: 'valid' | 'invalid', severities: Record<string, 'off' | 'info' | 'warn' | 'error'> = {}) {
  const output = await lintDir(path.join(FIXTURES, 'lint', 'missing-description', fixture), [missingDescriptionRule], { severities });
  return {
    diagnostics: output.diagnostics,
    output,
    places: output.findings.map((f) => `${f.ruleId} ${f.file}:${f.line}:${f.column} ${f.node}`),
  };
}

describe('missing-description', () => {
  it('accepts described tools and agents, an MCP tool its server describes in ca.mcp.lock, and does not ask reasoners or flows for one', async () => {
    const { diagnostics, places } = await lint('valid');
    expect(diagnostics).toEqual([]);
    expect(places).toEqual([]);
  });

  it('reports a tool and an agent with no description, a tool whose description is blank, and an MCP tool its server does not describe either', async () => {
    const { diagnostics, output, places } = await lint('invalid');
    expect(diagnostics).toEqual([]);
    expect(places).toEqual([
      'missing-description src/invoices.ts:3:14 fetch_invoice',
      'missing-description src/invoices.ts:9:14 resend_invoice',
      'missing-description src/invoices.ts:23:14 billing_agent',
      'missing-description src/payments.ts:6:14 refund_payment',
    ]);
    expect(output.findings.map((f) => f.severity)).toEqual(['warn', 'warn', 'warn', 'warn']);
    expect(output.findings[3]!.message).toBe('MCP tool refund_payment has no description of its own, and none from its server is locked');
  });

  it('takes its severity from ca.yaml lint.rules, and reports nothing when off', async () => {
    expect((await lint('invalid', { 'missing-description': 'error' })).output.findings.map((f) => f.severity)).toEqual(['error', 'error', 'error', 'error']);
    expect((await lint('invalid', { 'missing-description': 'off' })).places).toEqual([]);
  });
});
