import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dynamicModelRule } from '../../../src/lint/rules/dynamic-model.js';
import { lintDir } from './lint-fixture.js';
import { FIXTURES } from '../../helpers/temp-project.js';

const lint = async (fixture: 'valid' | 'invalid') => {
  const output = await lintDir(path.join(FIXTURES, 'lint', 'dynamic-model', fixture), [dynamicModelRule]);
  return { output, places: output.findings.map((f) => `${f.ruleId} ${f.file}:${f.line}:${f.column} ${f.node}`) };
};

describe('dynamic-model', () => {
  it('accepts a literal model, a const string and no model at all', async () => {
    const { output, places } = await lint('valid');
    expect(places).toEqual([]);
    expect(output.nodes).toEqual(['billing', 'faq', 'router']);
  });

  it("reports an agent whose model is computed by a function of the request", async () => {
    const { output, places } = await lint('invalid');
    expect(places).toEqual(['dynamic-model src/agents.ts:4:14 router']);
    expect(output.findings[0]!.message).toBe('agent router (OpenAI Agents JS) gives its model as an expression ca cannot read');
  });
});
