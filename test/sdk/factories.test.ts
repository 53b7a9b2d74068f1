import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { NODE_KINDS } from '../../src/core/node.js';
import { agent, flow, isDefinition, KINDS, reasoner, session, tool } from '../../src/sdk/index.js';
import { concierge, lookupTicket, supportChat, supportReply, triage } from './support-example.js';

describe('definitions', () => {
  it('carry their kind and every given field', () => {
    expect(lookupTicket).toMatchObject({
      kind: 'tool',
      name: 'lookup_ticket',
      description: 'Fetch a ticket by id',
      effect: 'read',
      idempotent: true,
    });
    expect(supportReply).toMatchObject({ kind: 'reasoner', model: 'openai:gpt-4o-mini', system: 'Draft one concise support reply.' });
    expect(triage).toMatchObject({ kind: 'flow', name: 'triage', tags: ['support'], uses: [lookupTicket, supportReply] });
    expect(concierge).toMatchObject({
      kind: 'agent',
      instructions: 'Help the customer; escalate refunds.',
      uses: [lookupTicket, triage],
      budget: { maxRounds: 8, maxUsd: 0.5 },
    });
    expect(supportChat).toMatchObject({ kind: 'session', name: 'support_chat', agent: concierge });
  });

  it('keep the schemas and functions they were given, untouched', () => {
    const input = z.object({ invoice: z.string() });
    const run = async ({ invoice }: { invoice: string }) => ({ invoice, voided: true });
    const voidInvoice = tool({ name: 'void_invoice', effect: 'dangerous', input, run });
    expect(voidInvoice.input).toBe(input);
    expect(voidInvoice.run).toBe(run);
    expect(Object.isFrozen(input)).toBe(false);
  });

  it('are frozen, down to their lists and budget', () => {
    for (const definition of [lookupTicket, supportReply, triage, concierge, supportChat]) {
      expect(Object.isFrozen(definition)).toBe(true);
    }
    expect(Object.isFrozen(triage.tags)).toBe(true);
    expect(Object.isFrozen(concierge.uses)).toBe(true);
    expect(Object.isFrozen(concierge.budget)).toBe(true);
    expect(() => {
      (triage as { name: string }).name = 'renamed';
    }).toThrow(TypeError);
  });

  it('copy the lists they freeze, so the author keeps a mutable array', () => {
    const tags = ['billing'];
    const uses = [lookupTicket];
    const budget = { maxRounds: 3 };
    const refundDesk = agent({ name: 'refund_desk', model: 'fake:echo', instructions: 'Refund when due.', tags, uses, budget });
    tags.push('refunds');
    budget.maxRounds = 99;
    expect(Object.isFrozen(tags)).toBe(false);
    expect(refundDesk.tags).toEqual(['billing']);
    expect(refundDesk.budget).toEqual({ maxRounds: 3 });
  });

  it('are plain, serialisable objects whose kind cannot be overridden by the spec', () => {
    expect(Object.getPrototypeOf(concierge)).toBe(Object.prototype);
    expect(Object.keys(supportReply)[0]).toBe('kind');
    const sneaky = { name: 'close_ticket', kind: 'flow', run: async () => 'closed' };
    expect(tool(sneaky as Parameters<typeof tool>[0]).kind).toBe('tool');
    expect(JSON.parse(JSON.stringify(concierge))).toMatchObject({ kind: 'agent', name: 'concierge' });
  });

  it('leave the optional fields they were not given absent', () => {
    const summarise = reasoner({ name: 'summarise_invoice', model: 'fake:echo' });
    expect(Object.keys(summarise).sort()).toEqual(['kind', 'model', 'name']);
    expect(summarise.output).toBeUndefined();
  });
});

describe('no side effects', () => {
  it('never calls run, init, turn or a schema while defining', () => {
    const run = vi.fn();
    const init = vi.fn(() => ({ refunds: 0 }));
    const turn = vi.fn();
    const validate = vi.fn();
    const schema = { '~standard': { version: 1 as const, vendor: 'test', validate } };
    tool({ name: 'issue_refund', input: schema, output: schema, run });
    flow({ name: 'refund_flow', input: schema, run });
    reasoner({ name: 'refund_reason', model: 'fake:echo', input: schema, output: schema });
    session({ name: 'refund_chat', init, turn });
    expect(run).not.toHaveBeenCalled();
    expect(init).not.toHaveBeenCalled();
    expect(turn).not.toHaveBeenCalled();
    expect(validate).not.toHaveBeenCalled();
  });

  it('keeps no registry: defining the same name twice is discovery’s business, not the SDK’s', () => {
    const first = tool({ name: 'lookup_invoice', run: async () => 'INV-1' });
    const second = tool({ name: 'lookup_invoice', run: async () => 'INV-2' });
    expect(first).not.toBe(second);
  });

  it('adds nothing to the global scope on import', async () => {
    vi.resetModules();
    const before = new Set(Reflect.ownKeys(globalThis));
    await import('../../src/sdk/index.js');
    const added = Reflect.ownKeys(globalThis).filter((key) => !before.has(key));
    expect(added).toEqual([]);
  });
});

describe('isDefinition', () => {
  it('recognises what the factories make', () => {
    for (const definition of [lookupTicket, supportReply, triage, concierge, supportChat]) {
      expect(isDefinition(definition)).toBe(true);
    }
  });

  it('rejects look-alike literals and spread copies', () => {
    expect(isDefinition({ kind: 'tool', name: 'lookup_ticket', run: async () => ({}) })).toBe(false);
    expect(isDefinition({ ...lookupTicket })).toBe(false);
    expect(isDefinition(undefined)).toBe(false);
    expect(isDefinition('lookup_ticket')).toBe(false);
  });
});

describe('KINDS', () => {
  it('lists the five kinds in the same order as the core node model', () => {
    expect(KINDS).toEqual(NODE_KINDS);
    expect(Object.isFrozen(KINDS)).toBe(true);
  });
});
