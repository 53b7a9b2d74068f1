import { describe, expect, it } from 'vitest';
import { sessionWithoutAgentRule } from '../../../src/lint/rules/session-without-agent.js';
import { lintFixture, places } from './lint-fixture.js';

const ID = 'session-without-agent';
const rules = [sessionWithoutAgentRule];

describe(ID, () => {
  it('passes a session with an agent, one with init and turn, and one whose turn is a method', async () => {
    const result = await lintFixture(ID, 'valid', rules);
    expect(result.nodes).toEqual(['concierge', 'lookup_ticket', 'refund_desk', 'support_chat', 'ticket_status']);
    expect(places(result.findings)).toEqual([]);
  });

  it('reports a session with neither, and one with init but no turn', async () => {
    const result = await lintFixture(ID, 'invalid', rules);
    expect(places(result.findings)).toEqual([
      `${ID} src/sessions.ts:4:14`, // support_chat: name and description only
      `${ID} src/sessions.ts:10:14`, // refund_desk: init, no turn
    ]);
    expect(result.findings.map((f) => f.severity)).toEqual(['error', 'error']);
  });
});
