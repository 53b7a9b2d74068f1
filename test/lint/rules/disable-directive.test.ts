import { describe, expect, it } from 'vitest';
import { agentWithoutBudgetRule } from '../../../src/lint/rules/agent-without-budget.js';
import { sessionWithoutAgentRule } from '../../../src/lint/rules/session-without-agent.js';
import { lintFixture, places } from './lint-fixture.js';

const ID = 'disable-directive';
// The rules the fixtures' comments name: a comment may only name rules that exist.
const rules = [agentWithoutBudgetRule, sessionWithoutAgentRule];

describe(ID, () => {
  it('silences the named rules on the next line, one rule or several, when the comment gives a reason', async () => {
    const result = await lintFixture(ID, 'valid', rules);
    expect(result.nodes).toEqual(['greeter', 'refund_agent', 'refund_chat']);
    expect(places(result.findings)).toEqual([]);
    // greeter's agent-without-budget, refund_chat's session-without-agent.
    expect(result.suppressed).toBe(2);
  });

  it('reports a comment without a reason, naming an unknown rule or no rule, and silences only what a well-formed name on the line just above covers', async () => {
    const result = await lintFixture(ID, 'invalid', rules);
    expect(places(result.findings)).toEqual([
      `${ID} src/agents.ts:3:1`, // no reason (greeter's finding is still silenced)
      `${ID} src/agents.ts:11:1`, // 'agent-without-budgets': a typo, silences nothing
      'agent-without-budget src/agents.ts:12:14', // triage_agent
      `${ID} src/agents.ts:19:1`, // no rule id, only a reason
      'session-without-agent src/agents.ts:20:14', // refund_chat
      'agent-without-budget src/agents.ts:27:14', // invoice_agent: a blank line between it and the comment
      `${ID} src/agents.ts:34:1`, // 'budget': not a rule …
      `${ID} src/agents.ts:34:1`, // … and no reason
      'agent-without-budget src/agents.ts:35:14', // refund_agent
    ]);
    expect(result.suppressed).toBe(1);
    expect(result.findings.filter((f) => f.ruleId === ID).map((f) => f.severity)).toEqual(Array(5).fill('warn'));
  });

  it('follows its own severity from ca.yaml: off keeps the comments working and drops the findings about them', async () => {
    const result = await lintFixture(ID, 'invalid', rules, { [ID]: 'off' });
    expect(places(result.findings).filter((place) => place.startsWith(`${ID} `))).toEqual([]);
    expect(result.suppressed).toBe(1);
  });
});
