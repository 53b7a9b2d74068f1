import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dynamicDefinitionRule } from '../../../src/lint/rules/dynamic-definition.js';
import { lintDir } from './lint-fixture.js';
import { FIXTURES } from '../../helpers/temp-project.js';

const lint = async (fixture: 'valid' | 'invalid') => {
  const output = await lintDir(path.join(FIXTURES, 'lint', 'dynamic-definition', fixture), [dynamicDefinitionRule]);
  return { output, places: output.findings.map((f) => `${f.ruleId} ${f.file}:${f.line}:${f.column} ${f.message}`) };
};

describe('dynamic-definition', () => {
  it('reads module-level definitions, and ones made in a function with a literal name', async () => {
    const { output, places } = await lint('valid');
    expect(places).toEqual([]);
    expect(output.nodes).toEqual(['lookup_order', 'reviewer', 'support_eu']);
  });

  it('warns, with the place, about definitions built in a callback, a factory function or a loop, or from options that are not a literal', async () => {
    const { output, places } = await lint('invalid');
    expect(places).toEqual([
      'dynamic-definition src/agents.ts:5:55 a new Agent(…) of OpenAI Agents JS is not read: it is built inside a function',
      'dynamic-definition src/agents.ts:8:10 a tool(…) of OpenAI Agents JS is not read: it is built inside function makeTool',
      'dynamic-definition src/agents.ts:12:17 a new Agent(…) of OpenAI Agents JS is not read: it is built inside a loop',
      'dynamic-definition src/agents.ts:16:28 a new Agent(…) of OpenAI Agents JS is not read: its options (defaultOptions()) are not an object literal ca can read',
      'dynamic-definition src/agents.ts:17:24 an Agent.create(…) of OpenAI Agents JS is not read: it has no options to read',
    ]);
    expect(output.findings.every((f) => f.severity === 'warn')).toBe(true);
    expect(output.nodes).toEqual([]);
  });
});
