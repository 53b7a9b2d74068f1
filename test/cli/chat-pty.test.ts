import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HAS_SCRIPT } from '../helpers/pseudo-terminal.js';
import { caOnTerminal } from '../sessions/support/pty.js';
import { runnableFixture, ticketDeskProject } from '../sessions/support/ticket-desk.js';

const PROMPT = 'you › ';

describe.skipIf(!HAS_SCRIPT)('ca chat on a terminal', () => {
  it('prompts, prints replies as they come, and answers /state and /reset', async () => {
    const project = runnableFixture('support-desk');
    const term = caOnTerminal(['chat', 'refund_desk', '-p', project]);
    await term.waitFor(PROMPT);
    expect(term.screen()).toMatch(/^session s_[0-9a-z]+ \(refund_desk, new\)$/m);
    term.type('I need a refund on T-1042\r');
    await term.waitFor('refund_desk › How much should we refund on T-1042?');
    // The spinner line is drawn while the turn runs, then erased before the reply.
    expect(term.screen()).toContain('refund_desk is thinking…');
    await term.waitFor(PROMPT, 2);
    term.type('/state\r');
    await term.waitFor('"stage": "ask_amount"');
    term.type('/reset\r');
    await term.waitFor('state reset: the conversation starts over');
    term.type('/state\r');
    await term.waitFor('"stage": "ask_ticket"');
    term.type('/exit\r');
    const { exitCode, screen } = await term.exited;
    expect(exitCode).toBe(0);
    expect(screen).toMatch(/session s_[0-9a-z]+ · resume with: ca chat refund_desk --session s_[0-9a-z]+/);
  });

  it('recalls earlier messages with the up arrow', async () => {
    const term = caOnTerminal(['chat', 'ticket_desk', '-p', ticketDeskProject()]);
    await term.waitFor(PROMPT);
    term.type('T-1042\r');
    await term.waitFor('ticket_desk › T-1042 is open.');
    await term.waitFor(PROMPT, 2);
    term.type('\u001B[A\r');
    await term.waitFor('ticket_desk › T-1042 is open.', 2);
    term.type('\u0004');
    expect((await term.exited).exitCode).toBe(0);
  });

  it('Ctrl-C cancels the running turn and returns to the prompt; at an empty prompt it leaves', async () => {
    const term = caOnTerminal(['chat', 'ticket_desk', '-p', ticketDeskProject()]);
    await term.waitFor(PROMPT);
    const started = Date.now();
    term.type('slow\r');
    await term.waitFor('ticket_desk is thinking…');
    term.type('\u0003');
    await term.waitFor('⊘ turn 1 cancelled (the state is the one before it)');
    expect(Date.now() - started).toBeLessThan(10_000);
    await term.waitFor(PROMPT, 2);
    term.type('T-7\r');
    await term.waitFor('ticket_desk › T-7 is open.');
    await term.waitFor(PROMPT, 3);
    // A half-typed line is cleared by the first Ctrl-C; the second, at an empty prompt, leaves.
    term.type('T-8');
    await term.waitFor('T-8');
    term.type('\u0003');
    term.type('\u0003');
    const { exitCode, screen } = await term.exited;
    expect(exitCode).toBe(0);
    expect(screen).not.toContain('T-8 is open');
  });

  it('asks for approval through the chat prompt', async () => {
    const term = caOnTerminal(['chat', 'ticket_desk', '-p', ticketDeskProject()]);
    await term.waitFor(PROMPT);
    term.type('refund T-7\r');
    await term.waitFor('approve: Refund T-7? (ticket_desk) [y/N] ');
    expect(term.screen()).toContain('  ↳ lookup_ticket ✓');
    term.type('y\r');
    await term.waitFor('ticket_desk › Refunded T-7.');
    await term.waitFor(PROMPT, 2);
    term.type('refund T-8\r');
    await term.waitFor('approve: Refund T-8?');
    term.type('\r');
    await term.waitFor('ticket_desk › Refund of T-8 is on hold.');
    term.type('\u0004');
    expect((await term.exited).exitCode).toBe(0);
  });

  it('talks to an agent with mocked model answers, a line per tool call', async () => {
    const project = runnableFixture('support-desk');
    const term = caOnTerminal(['chat', 'concierge', '-p', project, '--mock', path.join(project, 'mocks.yaml')]);
    await term.waitFor(PROMPT);
    term.type('I was charged twice\r');
    await term.waitFor('concierge › I found T-1042 and sent it to billing');
    const screen = term.screen();
    expect(screen).toMatch(/ {2}↳ lookup_ticket ✓ \d+ms/);
    expect(screen).toMatch(/ {2}↳ triage ✓ \d+ms/);
    term.type('/trace\r');
    await term.waitFor(/✓ session concierge {2}succeeded/);
    term.type('/exit\r');
    expect((await term.exited).exitCode).toBe(0);
  });
});
