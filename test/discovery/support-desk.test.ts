import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from '../helpers/temp-project.js';
import { scan } from '../helpers/scan.js';

const SUPPORT_DESK = path.join(FIXTURES, 'support-desk');

// The bundled example uses every import style discovery follows; this is its expected graph.
const EXPECTED: Record<string, { kind: string; file: string; uses: string[]; tags: string[] }> = {
  lookup_ticket: { kind: 'tool', file: 'src/tickets/lookup.ts', uses: [], tags: ['support'] },
  update_ticket: { kind: 'tool', file: 'src/tickets/lookup.ts', uses: [], tags: ['support'] },
  classify_ticket: { kind: 'reasoner', file: 'src/tickets/classify.ts', uses: [], tags: [] },
  triage: { kind: 'flow', file: 'src/tickets/triage.ts', uses: ['classify_ticket', 'lookup_ticket', 'update_ticket'], tags: ['support'] },
  notify_tier2: { kind: 'tool', file: 'src/tickets/escalate.ts', uses: [], tags: ['support', 'tier2'] },
  escalate: { kind: 'flow', file: 'src/tickets/escalate.ts', uses: ['notify_tier2', 'triage', 'update_ticket'], tags: ['support', 'tier2'] },
  check_refund_eligibility: { kind: 'tool', file: 'src/refunds/actions.ts', uses: [], tags: ['refunds', 'billing'] },
  issue_refund: { kind: 'tool', file: 'src/refunds/actions.ts', uses: [], tags: ['refunds', 'billing'] },
  refund_decision: { kind: 'reasoner', file: 'src/refunds/decision.ts', uses: [], tags: [] },
  refund_flow: {
    kind: 'flow',
    file: 'src/refunds/refund-flow.ts',
    uses: ['check_refund_eligibility', 'issue_refund', 'lookup_ticket', 'refund_decision'],
    tags: ['support', 'refunds'],
  },
  search_articles: { kind: 'tool', file: 'src/kb/search.ts', uses: [], tags: ['kb', 'support'] },
  kb_answer: { kind: 'reasoner', file: 'src/kb/search.ts', uses: [], tags: [] },
  answer_question: { kind: 'flow', file: 'src/kb/answer.ts', uses: ['kb_answer', 'search_articles'], tags: ['kb', 'support'] },
  fetch_invoice: { kind: 'tool', file: 'src/billing/invoices.ts', uses: [], tags: ['billing'] },
  concierge: {
    kind: 'agent',
    file: 'src/agents.ts',
    uses: ['answer_question', 'escalate', 'lookup_ticket', 'refund_flow', 'search_articles', 'triage'],
    tags: ['support', 'tier2'],
  },
  billing_agent: {
    kind: 'agent',
    file: 'src/agents.ts',
    uses: ['check_refund_eligibility', 'fetch_invoice', 'lookup_ticket', 'refund_flow'],
    tags: ['billing'],
  },
  support_chat: { kind: 'session', file: 'src/sessions.ts', uses: ['concierge'], tags: ['support'] },
  refund_desk: { kind: 'session', file: 'src/sessions.ts', uses: [], tags: ['refunds'] },
};

describe('discovery on the support-desk example', () => {
  it('finds every definition through named, aliased, namespace and re-exported factories', async () => {
    const { scan: result, byName } = await scan(SUPPORT_DESK);
    expect(result.diagnostics).toEqual([]);
    expect([...byName.keys()].sort()).toEqual(Object.keys(EXPECTED).sort());
    for (const [name, expected] of Object.entries(EXPECTED)) {
      const node = byName.get(name)!;
      expect({ name, kind: node.kind, file: node.file, uses: [...node.uses].sort(), tags: node.tags }).toEqual({
        name,
        ...expected,
      });
    }
  });

  it('skips files the config excludes (the *.test.ts next to triage)', async () => {
    const { byName } = await scan(SUPPORT_DESK);
    expect(byName.has('lookup_ticket_stub')).toBe(false);
  });

  it('reads names given by a const string, local or imported', async () => {
    const { byName } = await scan(SUPPORT_DESK);
    expect(byName.get('escalate')?.exportName).toBe('escalate');
    expect(byName.get('refund_desk')?.kind).toBe('session');
  });

  it('records location, literal config and description', async () => {
    const { byName } = await scan(SUPPORT_DESK);
    const lookup = byName.get('lookup_ticket')!;
    expect(lookup).toMatchObject({ line: 6, column: 14, config: { effect: 'read', idempotent: true } });
    expect(lookup.description).toMatch(/ticket/i);
    expect(byName.get('concierge')!.config).toMatchObject({ model: 'openai:gpt-4o-mini', budget: { maxRounds: 8, maxUsd: 0.5 } });
  });

  it('records which helper declarations each definition reaches, across files and not through nodes', async () => {
    const { byName } = await scan(SUPPORT_DESK);
    expect(byName.get('triage')!.helpers).toEqual(['src/tickets/triage.ts#priorityFor']);
    expect(byName.get('refund_flow')!.helpers).toEqual([
      'src/lib/money.ts#CURRENCY_SYMBOLS',
      'src/lib/money.ts#formatAmount',
      'src/lib/money.ts#toCents',
    ]);
    // A node reaching another node stops there: escalate calls triage but does not absorb priorityFor.
    expect(byName.get('escalate')!.helpers).not.toContain('src/tickets/triage.ts#priorityFor');
  });

  it('records the context calls of run bodies, resolved to node names', async () => {
    const { byName } = await scan(SUPPORT_DESK);
    const calls = byName.get('refund_flow')!.calls.map((call) => [call.method, call.target ?? null]);
    expect(calls).toEqual([
      ['call', 'lookup_ticket'],
      ['call', 'check_refund_eligibility'],
      ['think', 'refund_decision'],
      ['approve', null],
      ['call', 'issue_refund'],
    ]);
  });
});
