import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { agent, DefinitionError, flow, reasoner, session, tool } from '../../src/sdk/index.js';
import { concierge, lookupTicket, triage } from './support-example.js';

// Specs a JavaScript author (or a TypeScript author with a cast) could write; the factories
// must refuse them at definition time with a message naming the definition and the field.
const run = async () => 'ok';
type Factory = (spec: never) => unknown;
const bad: Array<[title: string, factory: Factory, spec: unknown, message: string]> = [
  ['no spec at all', tool, undefined, 'tool(): expects one object with at least a name, got undefined'],
  ['a missing name', flow, { run }, 'flow(): name must be a non-empty string, got undefined'],
  ['an empty name', reasoner, { name: '', model: 'fake:echo' }, 'reasoner(): name must be a non-empty string, got ""'],
  ['a name that is not a string', tool, { name: 42, run }, 'tool(): name must be a non-empty string, got 42'],
  [
    'a name with a space',
    tool,
    { name: 'lookup ticket', run },
    'tool "lookup ticket": name must start with a letter or "_" and contain only letters, digits, "_", "." and "-"',
  ],
  ['a name starting with a digit', agent, { name: '2fa_reset', model: 'fake:echo', instructions: 'x' }, 'agent "2fa_reset": name must start'],
  [
    'an unknown effect',
    tool,
    { name: 'delete_invoice', effect: 'delete', run },
    'tool "delete_invoice": effect must be "read", "write" or "dangerous", got "delete"',
  ],
  ['a tool without run', tool, { name: 'lookup_refund' }, 'tool "lookup_refund": run is required'],
  ['a run that is not a function', flow, { name: 'refund_flow', run: 'refund()' }, 'flow "refund_flow": run must be a function, got "refund()"'],
  ['idempotent as a string', tool, { name: 'refund', idempotent: 'yes', run }, 'tool "refund": idempotent must be true or false, got "yes"'],
  ['tags as a string', flow, { name: 'refund_flow', tags: 'billing', run }, 'flow "refund_flow": tags must be an array of non-empty strings, got "billing"'],
  ['a description that is not a string', tool, { name: 'refund', description: 3, run }, 'tool "refund": description must be a string, got 3'],
  [
    'an input that is not a schema',
    tool,
    { name: 'refund', input: { ticket: 'string' }, run },
    'tool "refund": input must be a Standard Schema (zod, valibot, arktype …), got an object',
  ],
  [
    'a model without a provider',
    reasoner,
    { name: 'invoice_summary', model: 'gpt-4o-mini' },
    'reasoner "invoice_summary": model must be "provider:model", e.g. "openai:gpt-4o-mini", got "gpt-4o-mini"',
  ],
  ['a negative temperature', reasoner, { name: 'invoice_summary', model: 'fake:echo', temperature: -1 }, 'temperature must be a number >= 0, got -1'],
  ['fractional maxTokens', reasoner, { name: 'invoice_summary', model: 'fake:echo', maxTokens: 1.5 }, 'maxTokens must be an integer >= 1, got 1.5'],
  ['an agent without instructions', agent, { name: 'refund_desk', model: 'fake:echo' }, 'agent "refund_desk": instructions is required'],
  [
    'a negative budget',
    agent,
    { name: 'refund_desk', model: 'fake:echo', instructions: 'x', budget: { maxUsd: -1 } },
    'agent "refund_desk": budget.maxUsd must be a number >= 0, got -1',
  ],
  [
    'zero rounds',
    agent,
    { name: 'refund_desk', model: 'fake:echo', instructions: 'x', budget: { maxRounds: 0 } },
    'budget.maxRounds must be an integer >= 1, got 0',
  ],
  [
    'an undefined entry in uses',
    flow,
    { name: 'refund_flow', uses: [lookupTicket, undefined], run },
    'flow "refund_flow": uses[1] must be a definition, got undefined (an import that is still undefined usually means a circular import)',
  ],
  [
    'a plain object in uses',
    agent,
    { name: 'refund_desk', model: 'fake:echo', instructions: 'x', uses: [{ kind: 'tool', name: 'lookup_ticket' }] },
    'agent "refund_desk": uses[0] must be a definition, got an object',
  ],
  ['uses that is not an array', flow, { name: 'refund_flow', uses: lookupTicket, run }, 'uses must be an array of definitions, got the tool "lookup_ticket"'],
  ['a session with neither form', session, { name: 'refund_chat' }, 'session "refund_chat": needs either agent, or init and turn'],
  [
    'a session with both forms',
    session,
    { name: 'refund_chat', agent: concierge, init: () => ({}), turn: run },
    'session "refund_chat": give either agent, or init and turn (with uses), not both',
  ],
  [
    'a session whose agent is a flow',
    session,
    { name: 'refund_chat', agent: triage },
    'session "refund_chat": agent must be an agent definition, got the flow "triage"',
  ],
  ['a session without turn', session, { name: 'refund_chat', init: () => ({}) }, 'session "refund_chat": turn is required'],
];

describe('factories refuse malformed definitions', () => {
  it.each(bad)('%s', (_title, factory, spec, message) => {
    let thrown: unknown;
    try {
      factory(spec as never);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(TypeError);
    expect(thrown).toBeInstanceOf(DefinitionError);
    expect((thrown as Error).message).toContain(message);
  });

  it('expose the definition, the field and a stable code on the error', () => {
    const error = catchError(() => tool({ name: 'void_invoice', effect: 'destroy' as 'dangerous', run }));
    expect(error).toMatchObject({ name: 'DefinitionError', code: 'invalid-definition', kind: 'tool', definition: 'void_invoice', field: 'effect' });
  });

  it('accept every documented effect and names with dots and dashes', () => {
    for (const effect of ['read', 'write', 'dangerous'] as const) {
      expect(tool({ name: `billing.refund-${effect}`, effect, run }).effect).toBe(effect);
    }
    expect(tool({ name: '_internal_lookup', run }).name).toBe('_internal_lookup');
  });

  it('accept any Standard Schema, not only zod', () => {
    const invoiceId = {
      '~standard': {
        version: 1 as const,
        vendor: 'handmade',
        validate: (value: unknown) => (typeof value === 'string' ? { value } : { issues: [{ message: 'not an invoice id' }] }),
      },
    };
    expect(reasoner({ name: 'invoice_summary', model: 'fake:echo', input: invoiceId }).input).toBe(invoiceId);
    expect(() => reasoner({ name: 'invoice_summary', model: 'fake:echo', output: z.string() })).not.toThrow();
  });
});

function catchError(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected the factory to throw');
}
