import { flow, tool } from 'composable-agents';
import { z } from 'zod';
import { classifyTicket, lookupTicket, routeTicket } from './tickets.js';

export const triage = flow({
  name: 'triage',
  description: 'Classifies a ticket and routes it to its queue',
  tags: ['support'],
  uses: [lookupTicket, classifyTicket, routeTicket],
  run: async (ctx, ticket: string) => {
    const found = await ctx.call(lookupTicket, { ticket }, { retries: 2, timeoutMs: 5000 });
    const { queue, summary } = await ctx.think(classifyTicket, { subject: found.subject, body: found.body });
    await ctx.call(routeTicket, { ticket, queue });
    return { ticket, queue, summary };
  },
});

export const issueRefund = tool({
  name: 'issue_refund',
  description: 'Sends money back to the customer',
  effect: 'dangerous',
  tags: ['support', 'refunds'],
  input: z.object({ ticket: z.string(), amountCents: z.number().int().positive() }),
  run: async ({ ticket, amountCents }) => ({ refundId: `re_${ticket}_${amountCents}` }),
});

export const refundFlow = flow({
  name: 'refund_flow',
  description: 'Refunds a ticket once a person approves',
  tags: ['support', 'refunds'],
  uses: [lookupTicket, issueRefund],
  run: async (ctx, input: { ticket: string }) => {
    const found = await ctx.call(lookupTicket, { ticket: input.ticket });
    if (found.amountCents === 0) return { status: 'nothing to refund' };
    if (!(await ctx.approve(`Refund ${found.amountCents / 100} to ${found.customer} (${input.ticket})?`))) return { status: 'held' };
    const { refundId } = await ctx.call(issueRefund, { ticket: input.ticket, amountCents: found.amountCents });
    return { status: 'refunded', refundId };
  },
});
