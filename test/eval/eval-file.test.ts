import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/errors.js';
import { parseEvalFile } from '../../src/eval/eval-file.js';
import { scoreExpectation, valueAt, type CaseOutcome } from '../../src/eval/score-case.js';

function problem(text: string): { where: string; message: string } {
  try {
    parseEvalFile(text, 'evals/triage.eval.yaml');
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    return { where: `${error.location?.line}:${error.location?.column}`, message: error.message };
  }
  throw new Error('no problem found');
}

describe('reading an eval file', () => {
  it('reads the node, the cases and every scorer with its line', () => {
    const file = parseEvalFile(
      ['flow: triage', 'threshold: 0.5', 'cases:', '  - name: billing', '    input: T-42', '    expect:', '      - { path: queue, equals: billing }', '      - { judge: reply_judge, threshold: 0.8, criteria: polite }', '      - { tool_called: lookup_ticket }'].join('\n'),
      'evals/triage.eval.yaml',
    );
    expect(file).toMatchObject({ target: 'triage', targetLine: 1, threshold: 0.5 });
    expect(file.cases[0]).toMatchObject({ name: 'billing', input: 'T-42', line: 4 });
    expect(file.cases[0]!.expect).toEqual([
      { kind: 'equals', path: 'queue', value: 'billing', line: 7 },
      { kind: 'judge', judge: 'reply_judge', threshold: 0.8, criteria: 'polite', line: 8 },
      { kind: 'tool_called', tool: 'lookup_ticket', line: 9 },
    ]);
  });

  it('names the line and column of each mistake', () => {
    expect(problem('flow: triage\ncases:\n  - name: a\n    expect:\n      - { path: x, equal: 1 }\n')).toEqual({ where: '5:20', message: 'cases[0].expect[0]: unknown scorer "equal" (scorers: equals, contains, matches, gte, lte, schema, tool_called, judge, max_cost_usd, max_tokens)' });
    expect(problem('flow: triage\ncases: [\n')).toMatchObject({ message: expect.stringMatching(/^not valid YAML/) });
    expect(problem('cases:\n  - { name: a, expect: [{ equals: 1 }] }\n').message).toBe('flow: is required (the node the cases run)');
    expect(problem('flow: t\ncases:\n  - { name: a, expect: [{ matches: "(" }] }\n').message).toMatch(/^cases\[0\]\.expect\[0\]\.matches: not a regular expression/);
    expect(problem('flow: t\ncases:\n  - { name: a, expect: [{ equals: 1, gte: 2 }] }\n').message).toMatch(/one scorer per expectation, not equals and gte/);
    expect(problem('flow: t\ncases:\n  - { name: a, expect: [{ equals: 1 }] }\n  - { name: a, expect: [{ equals: 1 }] }\n')).toEqual({ where: '4:13', message: 'cases[1].name: a second case named "a": case names are unique in a file' });
  });
});

describe('scoring', () => {
  const outcome = (output: unknown, extra: Partial<CaseOutcome> = {}): CaseOutcome => ({ status: 'succeeded', output, called: ['lookup_ticket'], costUsd: 0.002, tokens: { input: 100, output: 20 }, ...extra });
  const noSchema = () => undefined;

  it('follows paths into the output and says where one stops', () => {
    expect(valueAt({ items: [{ amount: 5 }] }, 'items[0].amount')).toEqual({ found: true, value: 5 });
    expect(valueAt({ items: [] }, 'items[0].amount')).toEqual({ found: false, at: 'items is []' });
    const missing = scoreExpectation({ kind: 'equals', path: 'queue', value: 'billing', line: 3 }, outcome({ label: 'x' }), noSchema, false);
    expect(missing).toMatchObject({ passed: false, actual: 'queue is not in the output' });
  });

  it('each scorer passes and fails where a user would expect', () => {
    const out = outcome({ queue: 'billing', label: 'T-42 refund', amount: 120, tags: ['a', 'b'] });
    const score = (e: Parameters<typeof scoreExpectation>[0]) => scoreExpectation(e, out, noSchema, false).passed;
    expect(score({ kind: 'equals', path: 'queue', value: 'billing', line: 1 })).toBe(true);
    expect(score({ kind: 'contains', path: 'label', value: 'T-42', line: 1 })).toBe(true);
    expect(score({ kind: 'contains', path: 'tags', value: 'c', line: 1 })).toBe(false);
    expect(score({ kind: 'matches', path: 'label', pattern: '^T-\\d+', line: 1 })).toBe(true);
    expect(score({ kind: 'lte', path: 'amount', value: 100, line: 1 })).toBe(false);
    expect(score({ kind: 'gte', path: 'amount', value: 100, line: 1 })).toBe(true);
    expect(score({ kind: 'tool_called', tool: 'lookup_ticket', line: 1 })).toBe(true);
    expect(score({ kind: 'max_cost_usd', value: 0.001, line: 1 })).toBe(false);
    expect(score({ kind: 'max_tokens', value: 120, line: 1 })).toBe(true);
    const failedRun = scoreExpectation({ kind: 'equals', value: 1, line: 1 }, outcome(undefined, { status: 'failed', error: { code: 'schema', message: 'bad' } }), noSchema, false);
    expect(failedRun).toMatchObject({ passed: false, actual: 'the run failed: bad' });
  });
});
