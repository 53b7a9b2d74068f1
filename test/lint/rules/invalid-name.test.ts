import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dynamicNameRule } from '../../../src/lint/rules/dynamic-name.js';
import { invalidNameRule } from '../../../src/lint/rules/invalid-name.js';
import { tool } from '../../../src/sdk/index.js';
import { tempDir } from '../../helpers/temp-project.js';
import { lintDir, lintFixture, places } from './lint-fixture.js';

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

  // Lint and the SDK each hold the pattern (the SDK imports nothing of the CLI): lint must refuse
  // exactly what tool() refuses when `ca run` loads the module, no more and no less.
  it("reports exactly the names the SDK's factories refuse", async () => {
    const names = [
      'lookup_ticket', '_audit', 'invoices.v2-lookup', 'T', 'refund-', 'refund.', 'Refund9',
      'lookup ticket', ' lookup', 'lookup\t', '2nd_notice', '-refund', '.refund', 'refund/v2', 'refund:v2',
      'r\u00e9fund', 'refund\n', '\uff52efund', 'refund$', '$refund', '', '   ',
    ];
    const root = tempDir('ca-names-');
    mkdirSync(path.join(root, 'src'));
    const lines = names.map((name, i) => `export const tool${i} = tool({ name: ${JSON.stringify(name)}, effect: 'read', run: async () => 'ok' });`);
    writeFileSync(path.join(root, 'src', 'names.ts'), [`import { tool } from 'composable-agents';`, ...lines, ''].join('\n'));

    const result = await lintDir(root, [invalidNameRule, dynamicNameRule]);
    const reported = result.findings.map((f) => `${names[f.line - 2]!} ${f.ruleId}`);
    const refused = names.filter((name) => {
      try {
        tool({ name, run: async () => 'ok' });
        return false;
      } catch {
        return true;
      }
    });
    expect(refused.length).toBeGreaterThan(10);
    // A blank name is discovery's missing-name (reported by dynamic-name); every other one is invalid-name.
    expect(reported).toEqual(refused.map((name) => `${name} ${name.trim() === '' ? 'dynamic-name' : 'invalid-name'}`));
  });
});
