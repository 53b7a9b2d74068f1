import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { handoffWithoutDescriptionRule } from '../../../src/lint/rules/handoff-without-description.js';
import { lintDir } from './lint-fixture.js';
import { FIXTURES } from '../../helpers/temp-project.js';

const lint = async (fixture: 'valid' | 'invalid') => {
  const output = await lintDir(path.join(FIXTURES, 'lint', 'handoff-without-description', fixture), [handoffWithoutDescriptionRule]);
  return { output, places: output.findings.map((f) => `${f.ruleId} ${f.file}:${f.line}:${f.column} ${f.node}`) };
};

describe('handoff-without-description', () => {
  it('accepts handoff targets that say what they handle, whichever way the handoff is written', async () => {
    const { output, places } = await lint('valid');
    expect(places).toEqual([]);
    expect(output.nodes).toEqual(['billing_agent', 'triage_agent']);
  });

  it('reports the agent handed off to (by an assignment after construction too) that has no description', async () => {
    const { output, places } = await lint('invalid');
    expect(places).toEqual(['handoff-without-description src/agents.ts:3:14 billing_agent']);
    expect(output.findings[0]!.message).toBe('billing_agent is a handoff of triage_agent but has no handoff description, so triage_agent cannot tell when to hand off to it');
    expect(output.findings[0]!.hint).toContain('handoffDescription');
  });
});
