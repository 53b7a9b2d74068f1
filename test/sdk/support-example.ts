// The SPEC §1 example, exactly as users write it (only the import path differs): it must
// compile unchanged, and the tests below read its types and run it.
import { tool, reasoner, flow, agent, session } from '../../src/sdk/index.js';
import { z } from 'zod';

export const lookupTicket = tool({
  name: 'lookup_ticket',
  description: 'Fetch a ticket by id',
  effect: 'read',
  idempotent: true,
  input: z.object({ ticket: z.string() }),
  run: async ({ ticket }) => ({ ticket, queue: 'billing', amount: 120 }),
});

export const supportReply = reasoner({
  name: 'support_reply',
  model: 'openai:gpt-4o-mini',
  system: 'Draft one concise support reply.',
  output: z.object({ reply: z.string() }),
});

export const triage = flow({
  name: 'triage',
  tags: ['support'],
  uses: [lookupTicket, supportReply],
  run: async (ctx, ticket: string) => {
    const hit = await ctx.call(lookupTicket, { ticket }, { retries: 2, timeoutMs: 5000 });
    const { reply } = await ctx.think(supportReply, hit);
    return { ...hit, reply };
  },
});

export const concierge = agent({
  name: 'concierge',
  tags: ['support', 'tier2'],
  model: 'openai:gpt-4o-mini',
  instructions: 'Help the customer; escalate refunds.',
  uses: [lookupTicket, triage],
  budget: { maxRounds: 8, maxUsd: 0.5 },
});

export const supportChat = session({ name: 'support_chat', agent: concierge });
