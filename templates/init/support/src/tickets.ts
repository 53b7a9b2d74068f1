import { reasoner, tool } from 'composable-agents';
import { z } from 'zod';

// Stand-ins for your helpdesk API: replace the bodies with real calls.
const TICKETS: Record<string, { subject: string; body: string; customer: string; amountCents: number }> = {
  'T-1': { subject: 'Charged twice', body: 'My card was charged twice for March.', customer: 'Ada', amountCents: 4900 },
  'T-2': { subject: 'Cannot log in', body: 'The login page says my password is wrong.', customer: 'Grace', amountCents: 0 },
};

export const lookupTicket = tool({
  name: 'lookup_ticket',
  description: 'Fetches a ticket by id',
  effect: 'read',
  idempotent: true,
  tags: ['support'],
  input: z.object({ ticket: z.string() }),
  run: async ({ ticket }) => {
    const found = TICKETS[ticket];
    if (!found) throw new Error(`no ticket ${ticket}`);
    return { ticket, ...found };
  },
});

export const routeTicket = tool({
  name: 'route_ticket',
  description: 'Moves a ticket to a queue',
  effect: 'write',
  idempotent: true,
  tags: ['support'],
  input: z.object({ ticket: z.string(), queue: z.enum(['billing', 'account', 'other']) }),
  run: async ({ ticket, queue }) => ({ ticket, queue }),
});

export const classifyTicket = reasoner({
  name: 'classify_ticket',
  description: 'Picks the queue for a ticket',
  model: 'openai:gpt-4o-mini',
  system: 'Pick one queue for the support ticket: billing, account or other. Summarise it in one sentence.',
  input: z.object({ subject: z.string(), body: z.string() }),
  output: z.object({ queue: z.enum(['billing', 'account', 'other']), summary: z.string() }),
});
