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

  it('reports a tool with no effect, and one whose effect ca cannot read', async () => {
    const { diagnostics, output, places } = await lint('invalid');
    expect(diagnostics).toEqual([]);
    expect(places).toEqual([
      // cancel_refund: no effect property
      'missing-effect src/refunds.ts:11:14 cancel_refund',
      // issue_refund: effect: effectFor(50_000)
      'missing-effect src/refunds.ts:20:14 issue_refund',
    ]);
    expect(output.findings.map((f) => f.severity)).toEqual(['warn', 'warn']);
  });
});
