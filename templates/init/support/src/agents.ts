import { agent, session } from 'composable-agents';
import { refundFlow, triage } from './flows.js';
import { lookupTicket } from './tickets.js';

export const concierge = agent({
  name: 'concierge',
  description: 'Front-line support: looks tickets up, triages them, refunds with approval',
  tags: ['support'],
  model: 'openai:gpt-4o-mini',
  instructions: 'Look the ticket up before you answer. Triage new tickets. Refunds go through refund_flow, which asks a person.',
  uses: [lookupTicket, triage, refundFlow],
  approval: 'dangerous',
  budget: { maxRounds: 6, maxUsd: 0.25 },
});

export const supportChat = session({
  name: 'support_chat',
  description: 'Customer chat with the concierge',
  tags: ['support'],
  agent: concierge,
});

interface IntakeState {
  ticket?: string;
  email?: string;
}

/** A scripted intake: collects a ticket id and an email, no model involved. */
export const intake = session({
  name: 'intake',
  description: 'Collects the ticket id and a contact email before a person takes over',
  tags: ['support'],
  init: (): IntakeState => ({}),
  turn: async (ctx, state: IntakeState, message: string) => {
    const ticket = /\bT-\d+\b/i.exec(message)?.[0]?.toUpperCase() ?? state.ticket;
    const email = /[^\s@]+@[^\s@]+\.[^\s@]+/.exec(message)?.[0] ?? state.email;
    const next = { ticket, email };
    if (!ticket) return { state: next, reply: 'Which ticket is this about? (T-123)' };
    if (!email) return { state: next, reply: `Thanks. Which email should we use for ${ticket}?` };
    ctx.emit('intake.complete', next);
    return { state: next, reply: `Got it: ${ticket}, we will write to ${email}.` };
  },
});
