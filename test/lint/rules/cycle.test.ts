import { describe, expect, it } from 'vitest';
import { cycleRule } from '../../../src/lint/rules/cycle.js';
import { lintFixture, places } from './lint-fixture.js';

const ID = 'cycle';
const rules = [cycleRule];

describe(ID, () => {
  it('passes a graph where two flows share a step (a diamond, not a loop)', async () => {
    const result = await lintFixture(ID, 'valid', rules);
    expect(result.nodes).toEqual(['audit_refund', 'check_refund', 'fetch_invoice', 'refund_flow']);
    expect(places(result.findings)).toEqual([]);
  });

  it('reports each cycle once, at its first member by name: within a file, across files, and an agent that uses itself', async () => {
    const result = await lintFixture(ID, 'invalid', rules);
    expect(places(result.findings)).toEqual([
      `${ID} src/refunds.ts:4:14`, // approve_refund → review_refund → approve_refund
      `${ID} src/tickets.ts:5:14`, // concierge uses itself
      `${ID} src/tickets.ts:15:14`, // escalate_ticket → triage_ticket (triage.ts) → escalate_ticket
    ]);
    expect(result.findings.map((f) => f.severity)).toEqual(Array(3).fill('error'));
  });
});
