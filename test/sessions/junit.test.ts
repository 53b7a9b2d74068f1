import { describe, expect, it } from 'vitest';
import type { ChatScriptResult, ChatScriptTurn } from '../../src/core/results.js';
import { renderJunit } from '../../src/ui/chat/render-junit.js';
import { parseXml } from './support/parse-xml.js';

const turn = (index: number, more: Partial<ChatScriptTurn> = {}): ChatScriptTurn => ({
  index,
  user: `message ${index}`,
  line: 3 + index * 4,
  passed: true,
  status: 'succeeded',
  reply: 'ok',
  toolCalls: [],
  state: {},
  runId: `r_run${index}`,
  durationMs: 12,
  costUsd: 0,
  checks: [{ kind: 'no-error', expected: 'the turn succeeds', actual: 'it succeeded', passed: true }],
  ...more,
});

const hostile = 'Tom & "Jerry" <b>it\'s</b>\u0007\ttab\nnext ]]> \uD800 end';

const script: ChatScriptResult = {
  schemaVersion: 1,
  script: 'src/refund_desk.chat.yaml',
  name: 'refund_desk',
  sessionId: 's_abc',
  mock: 'mocks.yaml',
  passed: false,
  durationMs: 1234,
  turns: [
    turn(1),
    turn(2, {
      user: hostile,
      passed: false,
      reply: hostile,
      checks: [{ kind: 'contains', expected: 'reply contains "<refund>"', actual: JSON.stringify(hostile), passed: false, line: 9 }],
    }),
    turn(3, {
      passed: false,
      status: 'failed',
      error: { code: 'error', message: 'no ticket & no <luck>' },
      checks: [{ kind: 'no-error', expected: 'the turn succeeds', actual: 'failed at refund_desk: no ticket & no <luck>', passed: false }],
    }),
  ],
};

describe('JUnit XML for chat scripts', () => {
  it('is well-formed, with a suite per script and a case per turn, whatever the replies hold', () => {
    const xml = renderJunit([script, { ...script, script: 'chats/other.chat.yaml', passed: true, turns: [turn(1)] }], 'ca test');
    const root = parseXml(xml);
    expect(root).toMatchObject({ name: 'testsuites', attributes: { name: 'ca test', tests: '4', failures: '2', errors: '0' } });
    const [suite, other] = root.children;
    expect(suite!.attributes).toMatchObject({ name: 'src/refund_desk.chat.yaml', tests: '3', failures: '2', time: '1.234', file: 'src/refund_desk.chat.yaml' });
    expect(suite!.children[0]!.children.map((p) => [p.attributes.name, p.attributes.value])).toEqual([
      ['session', 'refund_desk'],
      ['session_id', 's_abc'],
      ['mock', 'mocks.yaml'],
    ]);
    const cases = suite!.children.slice(1);
    expect(cases.map((c) => c.attributes.name)).toEqual(['turn 1: message 1', `turn 2: ${hostile.replace('\u0007', '\uFFFD').replace('\uD800', '\uFFFD')}`, 'turn 3: message 3']);
    expect(cases[0]!.children).toEqual([]);
    expect(cases[1]!.attributes).toMatchObject({ classname: 'refund_desk', line: '11', time: '0.012' });
    const failure = cases[1]!.children[0]!;
    expect(failure).toMatchObject({ name: 'failure', attributes: { message: 'reply contains "<refund>"', type: 'contains' } });
    expect(failure.text).toContain('expected: reply contains "<refund>"');
    expect(failure.text).toContain('reply:    "Tom & \\"Jerry\\" <b>it\'s</b>');
    expect(failure.text).toContain('trace:    ca trace r_run2');
    expect(cases[2]!.children[0]!.text).toContain('error:    no ticket & no <luck>');
    expect(other!.attributes).toMatchObject({ name: 'chats/other.chat.yaml', failures: '0' });
  });

  it('is what the parser used here rejects when escaping is wrong', () => {
    expect(() => parseXml('<a>Tom & Jerry</a>')).toThrow(/raw &/);
    expect(() => parseXml('<a b="x < y"/>')).toThrow(/malformed tag|raw </);
    expect(() => parseXml('<a><b></a></b>')).toThrow(/closes <b>/);
    expect(() => parseXml('<a>\u0007</a>')).toThrow(/cannot hold/);
    expect(() => parseXml('<a b="1" b="2"/>')).toThrow(/twice/);
    expect(() => parseXml('<a/><b/>')).toThrow(/second root/);
  });
});
