import { describe, expect, it } from 'vitest';
import type { ToolCallNote } from '../../src/core/session.js';
import { parseChatScript } from '../../src/sessions/chat-script.js';
import { checkTurn, deepEqual, partialMatch, type TurnObservation } from '../../src/sessions/check-expectations.js';

/** The expectations of a one-turn script whose `expect:` is `yaml` (indented under it). */
function expectations(yaml: string) {
  const text = `turns:\n  - user: hi\n    expect:\n${yaml.replace(/^/gm, '      ')}\n`;
  return parseChatScript(text, '/desk/desk.chat.yaml', 'desk.chat.yaml').turns[0]!.expect;
}

const lookup: ToolCallNote = { name: 'lookup_ticket', kind: 'tool', input: { ticket: 'T-1042', fields: ['status'] }, status: 'succeeded', durationMs: 2 };
const triage: ToolCallNote = { name: 'triage', kind: 'flow', input: 'T-1042', status: 'succeeded', durationMs: 9 };

const replied = (reply: string, more: Partial<TurnObservation> = {}): TurnObservation => ({
  status: 'succeeded',
  reply,
  toolCalls: [lookup, triage],
  state: { stage: 'ask_amount', ticket: 'T-1042', lines: [{ cents: 4990 }] },
  ...more,
});
const failed: TurnObservation = {
  status: 'failed',
  error: { code: 'capability-denied', message: 'refund_desk may not call issue_refund' },
  failedPath: ['refund_desk', 'issue_refund'],
  toolCalls: [],
  state: { stage: 'ask_ticket' },
};

const summary = (checks: ReturnType<typeof checkTurn>) => checks.map((check) => [check.kind, check.passed, check.expected, check.actual]);

describe('checkTurn', () => {
  it('passes a turn that succeeds with no expectations, and only then', () => {
    expect(summary(checkTurn(expectations('{}'), replied('How much?')))).toEqual([['no-error', true, 'the turn succeeds', 'it succeeded']]);
    expect(summary(checkTurn(expectations('{}'), failed))).toEqual([
      ['no-error', false, 'the turn succeeds', 'failed at refund_desk › issue_refund: refund_desk may not call issue_refund [capability-denied]'],
    ]);
    expect(checkTurn(expectations('no-error: false'), failed)).toEqual([]);
  });

  it('checks contains and matches against the reply', () => {
    const checks = checkTurn(expectations('contains: [How much, T-1042, refund]\nmatches: ["T-\\\\d{4}", /^how/i, /^how/]'), replied('How much should we refund on T-1042?'));
    expect(summary(checks)).toEqual([
      ['no-error', true, 'the turn succeeds', 'it succeeded'],
      ['contains', true, 'reply contains "How much"', '"How much should we refund on T-1042?"'],
      ['contains', true, 'reply contains "T-1042"', '"How much should we refund on T-1042?"'],
      ['contains', true, 'reply contains "refund"', '"How much should we refund on T-1042?"'],
      ['matches', true, 'reply matches /T-\\d{4}/', '"How much should we refund on T-1042?"'],
      ['matches', true, 'reply matches /^how/i', '"How much should we refund on T-1042?"'],
      ['matches', false, 'reply matches /^how/', '"How much should we refund on T-1042?"'],
    ]);
  });

  it('reads JSON paths in the reply and the state', () => {
    const exp = expectations(
      'equals:\n  - { path: $.refund.amount, value: 49.9 }\n  - { path: "$.lines[0]", value: { cents: 4990 }, in: state }\nstate:\n  - { path: stage, equals: confirm }\n  - { path: $.missing, equals: 1 }',
    );
    expect(summary(checkTurn(exp, replied('{"refund":{"amount":49.9}}')).slice(1))).toEqual([
      ['equals', true, 'reply $.refund.amount equals 49.9', '49.9'],
      ['equals', true, 'state $.lines[0] equals {"cents":4990}', '{"cents":4990}'],
      ['state', false, 'state $.stage equals "confirm"', '"ask_amount"'],
      ['state', false, 'state $.missing equals 1', 'no value at $.missing'],
    ]);
    expect(summary(checkTurn(exp, replied('Refund $49.90?')))[1]).toEqual(['equals', false, 'reply $.refund.amount equals 49.9', 'the reply is not JSON: "Refund $49.90?"']);
  });

  it('finds calls by name and by a deep partial match of their input', () => {
    const exp = expectations(
      'tool:\n  - lookup_ticket\n  - { name: lookup_ticket, args: { ticket: T-1042 } }\n  - { name: lookup_ticket, args: { ticket: T-9 } }\n  - { name: triage, args: T-1042 }\n  - issue_refund',
    );
    expect(summary(checkTurn(exp, replied('ok')).slice(1))).toEqual([
      ['tool', true, 'lookup_ticket is called', 'lookup_ticket({"ticket":"T-1042","fields":["status"]})'],
      ['tool', true, 'lookup_ticket is called with {"ticket":"T-1042"}', 'lookup_ticket({"ticket":"T-1042","fields":["status"]})'],
      ['tool', false, 'lookup_ticket is called with {"ticket":"T-9"}', 'called as lookup_ticket({"ticket":"T-1042","fields":["status"]})'],
      ['tool', true, 'triage is called with "T-1042"', 'triage("T-1042")'],
      ['tool', false, 'issue_refund is called', 'not called; the turn called lookup_ticket, triage'],
    ]);
    expect(checkTurn(expectations('tool: lookup_ticket'), replied('ok', { toolCalls: [] }))[1]).toMatchObject({ passed: false, actual: 'nothing was called' });
  });

  it('expects a failure when error: says so', () => {
    expect(summary(checkTurn(expectations('error: true'), failed))).toEqual([
      ['error', true, 'the turn fails', 'failed at refund_desk › issue_refund: refund_desk may not call issue_refund [capability-denied]'],
    ]);
    expect(checkTurn(expectations('error: may not call'), failed)[0]).toMatchObject({ passed: true, expected: 'the turn fails with an error containing "may not call"' });
    expect(checkTurn(expectations('error: { code: capability-denied }'), failed)[0]).toMatchObject({ passed: true, expected: 'the turn fails with code capability-denied' });
    expect(checkTurn(expectations('error: { matches: "issue_\\\\w+", code: timeout }'), failed)[0]).toMatchObject({
      passed: false,
      expected: 'the turn fails with an error matching /issue_\\w+/, code timeout',
    });
    expect(checkTurn(expectations('error: true'), replied('Refunded.'))[0]).toMatchObject({ passed: false, actual: 'it succeeded with the reply "Refunded."' });
  });

  it('leaves reply checks out of a turn that failed, and keeps state and call checks', () => {
    const exp = expectations('contains: How much\nequals: { path: $.a, value: 1 }\nstate: { path: stage, equals: ask_ticket }\ntool: lookup_ticket');
    expect(checkTurn(exp, failed).map((check) => [check.kind, check.passed])).toEqual([
      ['no-error', false],
      ['state', true],
      ['tool', false],
    ]);
  });
});

describe('partialMatch and deepEqual', () => {
  it.each([
    [{ ticket: 'T-1' }, { ticket: 'T-1', amount: 5 }, true],
    [{ ticket: 'T-1', amount: 5 }, { ticket: 'T-1' }, false],
    [{ customer: { tier: 'gold' } }, { customer: { tier: 'gold', name: 'Ada' } }, true],
    [{ lines: [{ sku: 'A' }] }, { lines: [{ sku: 'A', qty: 1 }] }, true],
    [{ lines: [{ sku: 'A' }] }, { lines: [{ sku: 'A' }, { sku: 'B' }] }, false],
    [{ amount: 49 }, { amount: '49' }, false],
    [null, null, true],
    [{ note: null }, {}, false],
    ['T-1', 'T-1', true],
  ])('partialMatch(%j, %j) is %s', (expected, actual, result) => {
    expect(partialMatch(expected, actual)).toBe(result);
  });

  it('deepEqual wants the same keys, ignoring undefined ones', () => {
    expect(deepEqual({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toBe(true);
    expect(deepEqual({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(deepEqual({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(deepEqual([1, 2], [2, 1])).toBe(false);
    expect(deepEqual(4990, 4990)).toBe(true);
  });
});
