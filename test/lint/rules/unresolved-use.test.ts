import { describe, expect, it } from 'vitest';
import { unresolvedUseRule } from '../../../src/lint/rules/unresolved-use.js';
import { lintFixture, places } from './lint-fixture.js';

const ID = 'unresolved-use';
const rules = [unresolvedUseRule];

describe(ID, () => {
  it('passes uses through imports, a barrel, a namespace import and a session agent', async () => {
    const result = await lintFixture(ID, 'valid', rules);
    expect(result.nodes).toEqual(['answer_ticket', 'concierge', 'lookup_ticket', 'search_articles', 'support_chat']);
    expect(places(result.findings)).toEqual([]);
  });

  it('reports each entry that does not resolve, at the entry', async () => {
    const result = await lintFixture(ID, 'invalid', rules);
    expect(places(result.findings)).toEqual([
      `${ID} src/tickets.ts:20:24`, // formatTicket: a helper, not a definition
      `${ID} src/tickets.ts:20:38`, // escalateTicket: from ./escalate.js, which does not exist
      `${ID} src/tickets.ts:30:10`, // 'lookup_ticket': a string, not a reference
      `${ID} src/tickets.ts:30:27`, // kb.searchArticle: the barrel has no such export
      `${ID} src/tickets.ts:38:10`, // agent: supportAgent, declared nowhere
    ]);
    expect(result.findings.map((f) => f.severity)).toEqual(Array(5).fill('error'));
  });
});
