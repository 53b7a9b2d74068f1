import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT, copyFixture, tempDir } from '../../helpers/temp-project.js';

/**
 * A small project with one session, `ticket_desk`, whose turns can be slow (to cancel), fail (a
 * tool throws), ask for approval, or answer at once: what the support-desk sessions never do.
 */
export function ticketDeskProject(): string {
  const dir = tempDir('ca-ticket-desk-');
  mkdirSync(path.join(dir, 'src'));
  writeFileSync(path.join(dir, 'package.json'), '{ "name": "ticket-desk", "private": true, "type": "module" }\n');
  writeFileSync(path.join(dir, 'src', 'desk.ts'), TICKET_DESK);
  return dir;
}

/** A copy of a fixture that can run: its imports (zod) resolve through the repo's node_modules. */
export function runnableFixture(name: string): string {
  const dir = copyFixture(name);
  symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return dir;
}

/** No provider keys at all: every model call must come from a mock file. */
export const NO_KEYS = { OPENAI_API_KEY: '', ANTHROPIC_API_KEY: '' };

const TICKET_DESK = `import { session, tool } from 'composable-agents';

const lookupTicket = tool({
  name: 'lookup_ticket',
  description: 'Fetch a ticket by id',
  effect: 'read',
  run: async ({ ticket }: { ticket: string }) => {
    if (ticket === 'T-404') throw new Error('no ticket T-404 in the queue');
    return { ticket, status: 'open' };
  },
});

interface DeskState {
  seen: string[];
}

export const ticketDesk = session({
  name: 'ticket_desk',
  description: 'Looks tickets up; "slow" holds the turn, "refund T-n" asks a person first',
  tags: ['support'],
  uses: [lookupTicket],
  init: (): DeskState => ({ seen: [] }),
  turn: async (ctx, state: DeskState, message: string) => {
    if (message === 'slow') {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(resolve, 60_000);
        ctx.signal.addEventListener('abort', () => {
          clearTimeout(timer);
          reject(new Error('stopped waiting'));
        });
      });
    }
    const ticket = /T-\\d+/.exec(message)?.[0];
    if (!ticket) return { state, reply: 'Which ticket? Ticket ids look like T-1042.' };
    const found = await ctx.call(lookupTicket, { ticket });
    if (message.startsWith('refund')) {
      const approved = await ctx.approve(\`Refund \${ticket}?\`);
      return { state, reply: approved ? \`Refunded \${ticket}.\` : \`Refund of \${ticket} is on hold.\` };
    }
    return { state: { seen: [...state.seen, ticket] }, reply: \`\${ticket} is \${found.status}.\` };
  },
});
`;
