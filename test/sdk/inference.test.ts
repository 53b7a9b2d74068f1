// Compile-time contract of the SDK. The assertions are checked by `tsc -p tsconfig.json`
// (part of `npm test`); a wrong inference or a `@ts-expect-error` that no longer errors fails
// the typecheck. The run/turn bodies below are type-checked, never executed.
import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import {
  agent,
  DefinitionError,
  flow,
  reasoner,
  session,
  tool,
  type AgentDefinition,
  type Ctx,
  type Definition,
  type FlowDefinition,
  type InputOf,
  type OutputOf,
  type ReasonerDefinition,
  type SessionDefinition,
  type StateOf,
  type ToolDefinition,
} from '../../src/sdk/index.js';
import { concierge, lookupTicket, supportChat, supportReply, triage } from './support-example.js';

type Ticket = { ticket: string; queue: string; amount: number };

describe('the SPEC example', () => {
  it('infers each definition’s input and output', () => {
    expectTypeOf<InputOf<typeof lookupTicket>>().toEqualTypeOf<{ ticket: string }>();
    expectTypeOf<OutputOf<typeof lookupTicket>>().toEqualTypeOf<Ticket>();
    expectTypeOf<InputOf<typeof supportReply>>().toEqualTypeOf<unknown>();
    expectTypeOf<OutputOf<typeof supportReply>>().toEqualTypeOf<{ reply: string }>();
    expectTypeOf<InputOf<typeof triage>>().toEqualTypeOf<string>();
    expectTypeOf<OutputOf<typeof triage>>().toEqualTypeOf<{ reply: string; ticket: string; queue: string; amount: number }>();
    expectTypeOf<InputOf<typeof concierge>>().toEqualTypeOf<string>();
    expectTypeOf<OutputOf<typeof concierge>>().toEqualTypeOf<string>();
    expectTypeOf<InputOf<typeof supportChat>>().toEqualTypeOf<string>();
    expectTypeOf<OutputOf<typeof supportChat>>().toEqualTypeOf<string>();
  });

  it('gives each definition its kind’s interface, all assignable to Definition', () => {
    expectTypeOf(lookupTicket).toEqualTypeOf<ToolDefinition<{ ticket: string }, Ticket>>();
    expectTypeOf(supportReply).toEqualTypeOf<ReasonerDefinition<unknown, { reply: string }>>();
    expectTypeOf(concierge).toEqualTypeOf<AgentDefinition<string, string>>();
    expectTypeOf(triage).toExtend<FlowDefinition<string>>();
    expectTypeOf(supportChat).toExtend<SessionDefinition>();
    expectTypeOf([lookupTicket, supportReply, triage, concierge, supportChat]).toExtend<Definition[]>();
    expectTypeOf(lookupTicket.kind).toEqualTypeOf<'tool'>();
  });
});

describe('tool', () => {
  it('takes its input type from run’s annotation when there is no schema', () => {
    const refund = tool({ name: 'issue_refund', effect: 'write', run: async (refund: { invoice: string; cents: number }) => refund.cents > 0 });
    expectTypeOf<InputOf<typeof refund>>().toEqualTypeOf<{ invoice: string; cents: number }>();
    expectTypeOf<OutputOf<typeof refund>>().toEqualTypeOf<boolean>();
  });

  it('gives run the parsed value, and callers the schema’s input (defaults may be left out)', () => {
    const listInvoices = tool({
      name: 'list_invoices',
      input: z.object({ customer: z.string(), limit: z.number().default(20) }),
      run: async ({ customer, limit }) => {
        expectTypeOf(limit).toEqualTypeOf<number>();
        return [`${customer}-INV-1`];
      },
    });
    expectTypeOf<InputOf<typeof listInvoices>>().toEqualTypeOf<{ customer: string; limit?: number | undefined }>();
    expectTypeOf<OutputOf<typeof listInvoices>>().toEqualTypeOf<string[]>();
  });

  it('takes its output from the output schema, and checks run against it', () => {
    const invoiceTotal = tool({
      name: 'invoice_total',
      input: z.object({ invoice: z.string() }),
      output: z.object({ cents: z.number().int() }),
      run: async () => ({ cents: 1200 }),
    });
    expectTypeOf<OutputOf<typeof invoiceTotal>>().toEqualTypeOf<{ cents: number }>();
    // @ts-expect-error run returns a string where the output schema wants a number
    tool({ name: 'invoice_total', output: z.object({ cents: z.number() }), run: async () => ({ cents: '12.00' }) });
  });

  it('cannot call other definitions: tools have no uses', () => {
    tool({
      name: 'reopen_ticket',
      run: async (ticket: string, ctx) => {
        // @ts-expect-error a tool's ctx grants nothing
        await ctx.call(lookupTicket, { ticket });
        return ctx.approve(`Reopen ${ticket}?`);
      },
    });
  });

  it('rejects an unknown effect and a model-less id at compile time as well as at run time', () => {
    // @ts-expect-error effect is read, write or dangerous
    expect(() => tool({ name: 'purge_invoices', effect: 'destroy', run: async () => 0 })).toThrow(DefinitionError);
    // @ts-expect-error a model is 'provider:model'
    expect(() => reasoner({ name: 'invoice_summary', model: 'gpt-4o-mini' })).toThrow(DefinitionError);
  });
});

describe('reasoner and agent', () => {
  it('answer with a string unless an output schema says otherwise', () => {
    const summary = reasoner({ name: 'invoice_summary', model: 'fake:echo', input: z.object({ invoice: z.string() }) });
    expectTypeOf<InputOf<typeof summary>>().toEqualTypeOf<{ invoice: string }>();
    expectTypeOf<OutputOf<typeof summary>>().toEqualTypeOf<string>();

    const refundDesk = agent({
      name: 'refund_desk',
      model: 'fake:echo',
      instructions: 'Decide refunds.',
      input: z.object({ invoice: z.string(), reason: z.string() }),
      output: z.object({ approved: z.boolean(), cents: z.number() }),
    });
    expectTypeOf<InputOf<typeof refundDesk>>().toEqualTypeOf<{ invoice: string; reason: string }>();
    expectTypeOf<OutputOf<typeof refundDesk>>().toEqualTypeOf<{ approved: boolean; cents: number }>();
  });
});

describe('ctx inside a flow', () => {
  it('types call and think results from the callee, and checks their inputs', () => {
    flow({
      name: 'refund_check',
      uses: [lookupTicket, supportReply, triage, concierge],
      run: async (ctx, ticket: string) => {
        const hit = await ctx.call(lookupTicket, { ticket }, { retries: 1 });
        expectTypeOf(hit).toEqualTypeOf<Ticket>();
        expectTypeOf(await ctx.think(supportReply, hit)).toEqualTypeOf<{ reply: string }>();
        expectTypeOf(await ctx.call(triage, ticket)).toEqualTypeOf<OutputOf<typeof triage>>();
        expectTypeOf(await ctx.call(concierge, `Refund ${ticket}?`)).toEqualTypeOf<string>();
        // @ts-expect-error ticket must be a string
        await ctx.call(lookupTicket, { ticket: 42 });
        // @ts-expect-error misspelt field
        await ctx.call(lookupTicket, { tikket: ticket });
        // @ts-expect-error the input is required
        await ctx.call(lookupTicket);
        // @ts-expect-error reasoners are asked with think, not call
        await ctx.call(supportReply, hit);
        // @ts-expect-error tools are called, not thought
        await ctx.think(lookupTicket, { ticket });
        return hit.amount;
      },
    });
  });

  it('refuses at compile time what uses does not grant', () => {
    flow({
      name: 'refund_lookup',
      uses: [lookupTicket],
      run: async (ctx, ticket: string) => {
        // @ts-expect-error triage is not in uses
        await ctx.call(triage, ticket);
        return ctx.call(lookupTicket, { ticket });
      },
    });
    flow({
      name: 'refund_noop',
      run: async (ctx) => {
        // @ts-expect-error no uses, no grants
        await ctx.call(lookupTicket, { ticket: 'T-1' });
      },
    });
  });

  it('lets the input be left out when the callee takes none', () => {
    const nightlyInvoices = flow({ name: 'nightly_invoices', run: async () => 12 });
    expectTypeOf<InputOf<typeof nightlyInvoices>>().toEqualTypeOf<void>();
    flow({
      name: 'month_end',
      uses: [nightlyInvoices],
      run: async (ctx) => {
        expectTypeOf(await ctx.call(nightlyInvoices)).toEqualTypeOf<number>();
        return ctx.call(nightlyInvoices, undefined, { timeoutMs: 60_000 });
      },
    });
  });

  it('types parallel as a tuple and map as an array', () => {
    flow({
      name: 'refund_batch',
      uses: [lookupTicket, triage],
      run: async (ctx, tickets: string[]) => {
        const pair = await ctx.parallel([() => ctx.call(lookupTicket, { ticket: 'T-1' }), () => ctx.call(triage, 'T-2'), async () => 3]);
        expectTypeOf(pair).toEqualTypeOf<[Ticket, OutputOf<typeof triage>, number]>();
        const hits = await ctx.map(tickets, (ticket) => ctx.call(lookupTicket, { ticket }), { maxParallel: 4 });
        expectTypeOf(hits).toEqualTypeOf<Ticket[]>();
        expectTypeOf(ctx.signal).toEqualTypeOf<AbortSignal>();
        expectTypeOf(ctx.approve('Refund all?')).toEqualTypeOf<Promise<boolean>>();
        ctx.log('batch done', { count: hits.length });
        return hits.length;
      },
    });
  });

  it('passes to helpers typed with plain Ctx', () => {
    const fetchTicket = (ctx: Ctx, ticket: string) => ctx.call(lookupTicket, { ticket });
    flow({ name: 'refund_helper', uses: [lookupTicket], run: (ctx, ticket: string) => fetchTicket(ctx, ticket) });
  });
});

describe('session', () => {
  it('infers the state from init and threads it through turn', () => {
    const refundChat = session({
      name: 'refund_chat',
      uses: [triage],
      init: () => ({ tickets: [] as string[], escalated: false }),
      turn: async (ctx, state, message) => {
        expectTypeOf(state).toEqualTypeOf<{ tickets: string[]; escalated: boolean }>();
        const result = await ctx.call(triage, message);
        ctx.emit('triaged', { ticket: result.ticket });
        return { state: { ...state, tickets: [...state.tickets, result.ticket] }, reply: result.reply };
      },
    });
    expectTypeOf<StateOf<typeof refundChat>>().toEqualTypeOf<{ tickets: string[]; escalated: boolean }>();
    expectTypeOf<StateOf<typeof supportChat>>().toEqualTypeOf<unknown>();
  });

  it('rejects a turn that returns another state shape, and an agent that cannot take a message', () => {
    // @ts-expect-error the state must stay { invoices: number }
    session({
      name: 'invoice_chat',
      init: () => ({ invoices: 0 }),
      turn: (_ctx, state, message) => ({ state: { invoices: String(state.invoices) }, reply: message }),
    });
    const invoiceAgent = agent({ name: 'invoice_agent', model: 'fake:echo', instructions: 'x', input: z.object({ invoice: z.string() }) });
    // @ts-expect-error a session feeds its agent strings
    session({ name: 'invoice_agent_chat', agent: invoiceAgent });
  });
});
