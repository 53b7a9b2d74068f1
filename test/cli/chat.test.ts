import { readFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import type { TurnReport } from '../../src/core/session.js';
import { CA_BIN, runCli } from '../helpers/run-cli.js';
import { NO_KEYS, runnableFixture, ticketDeskProject } from '../sessions/support/ticket-desk.js';

const lines = (text: string) => text.replace(/\n$/, '').split('\n');
const sessionOf = (stderr: string) => /^session (s_[0-9a-z]+)/m.exec(stderr)?.[1];

describe('ca chat with piped stdin', () => {
  it('takes one turn per non-empty line and prints only the replies on stdout', async () => {
    const project = runnableFixture('support-desk');
    const result = await runCli(['chat', 'refund_desk', '-p', project], { input: 'I need a refund on T-1042\n\n   \n49.90\nyes\n' });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe(
      ['How much should we refund on T-1042?', 'Refund $49.90 on T-1042? Reply yes to confirm.', 'Thanks. Your $49.90 refund on T-1042 is with the support team.', ''].join('\n'),
    );
    expect(lines(result.stderr)).toEqual([expect.stringMatching(/^session s_[0-9a-z]+ \(refund_desk, new\)$/)]);
  });

  it('runs slash commands: /state and /trace on stdout, the rest on stderr', async () => {
    const project = ticketDeskProject();
    const input = ['T-1', '/state', '/trace', '/bogus', '/help', '//T-2 sent with a slash', '/reset', '/state', '/exit', 'T-3'].join('\n');
    const result = await runCli(['chat', 'ticket_desk', '-p', project], { input });
    expect(result.exitCode).toBe(0);
    const out = result.stdout;
    expect(out).toContain('T-1 is open.\n{\n  "seen": [\n    "T-1"\n  ]\n}\n');
    expect(out).toMatch(/✓ session ticket_desk {2}succeeded .*\n└─ ✓ tool lookup_ticket/);
    expect(out).toContain('T-2 is open.\n');
    // After /reset the state is init()'s again; /exit ends the chat before T-3.
    expect(out).toMatch(/\{\n {2}"seen": \[\]\n\}\n$/);
    expect(out).not.toContain('T-3');
    expect(result.stderr).toContain('unknown command /bogus (/help lists the commands; start a message with // to send a leading slash)');
    expect(result.stderr).toMatch(/\/save FILE +write the transcript/);
    expect(result.stderr).toContain('state reset: the conversation starts over');
  });

  it('prints a failed turn with the failing path and goes on; exit 1 at the end', async () => {
    const result = await runCli(['chat', 'ticket_desk', '-p', ticketDeskProject()], { input: 'T-404\nT-1\n' });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toBe('T-1 is open.\n');
    const err = lines(result.stderr);
    expect(err).toContainEqual(expect.stringMatching(/^ {2}↳ lookup_ticket ✗ \d+ms {2}no ticket T-404 in the queue$/));
    expect(err).toContain('✗ turn 1 failed at ticket_desk › lookup_ticket: no ticket T-404 in the queue');
    expect(err.filter((line) => line.includes('↳ lookup_ticket ✓'))).toHaveLength(1);
  });

  it('prints one TurnReport per turn with --json', async () => {
    const result = await runCli(['chat', 'ticket_desk', '-p', ticketDeskProject(), '--json'], { input: 'T-404\nT-1\n/state\n' });
    expect(result.exitCode).toBe(1);
    const [failed, succeeded, state] = lines(result.stdout).map((line) => JSON.parse(line) as TurnReport & { state: unknown });
    expect(failed).toMatchObject({ turn: 1, status: 'failed', failedPath: ['ticket_desk', 'lookup_ticket'], error: { message: 'no ticket T-404 in the queue' } });
    expect(succeeded).toMatchObject({ turn: 2, status: 'succeeded', reply: 'T-1 is open.', state: { seen: ['T-1'] }, toolCalls: [{ name: 'lookup_ticket', status: 'succeeded', input: { ticket: 'T-1' } }] });
    expect(state).toEqual({ sessionId: succeeded!.sessionId, state: { seen: ['T-1'] } });
    // Only the session line on stderr: the errors are in the JSON.
    expect(lines(result.stderr)).toHaveLength(1);
  });

  it('resumes a session by id, by prefix and with last', async () => {
    const project = runnableFixture('support-desk');
    const first = await runCli(['chat', 'refund_desk', '-p', project], { input: 'I need a refund on T-1042\n' });
    const id = sessionOf(first.stderr)!;
    expect(id).toBeDefined();
    const second = await runCli(['chat', 'refund_desk', '-p', project, '--session', 'last'], { input: '49.90\n' });
    expect(second.stderr).toContain(`session ${id} (refund_desk, resumed after 1 turn)`);
    expect(second.stdout).toBe('Refund $49.90 on T-1042? Reply yes to confirm.\n');
    const third = await runCli(['chat', 'refund_desk', '-p', project, '--session', id.slice(2, 12)], { input: 'yes\n' });
    expect(third.stdout).toBe('Thanks. Your $49.90 refund on T-1042 is with the support team.\n');
    const unknown = await runCli(['chat', 'refund_desk', '-p', project, '--session', 's_nothere'], { input: 'hi\n' });
    expect(unknown.exitCode).toBe(2);
    expect(lines(unknown.stderr)).toEqual([expect.stringMatching(/^error: no session 's_nothere'/)]);
    const other = await runCli(['chat', 'support_chat', '-p', project, '--session', id, '--mock', path.join(project, 'mocks.yaml')], { input: 'hi\n' });
    expect(other.exitCode).toBe(2);
    expect(other.stderr).toContain(`session ${id} belongs to refund_desk, not support_chat`);
  });

  it('keeps an agent session going across turns until the mock script runs out', async () => {
    const project = runnableFixture('support-desk');
    const result = await runCli(['chat', 'support_chat', '-p', project, '--mock', path.join(project, 'mocks.yaml'), '--approve', 'all'], {
      input: 'I was charged twice\nPlease refund the 49 dollars\nAnything else?\n',
      env: NO_KEYS,
    });
    expect(lines(result.stdout)).toEqual([
      'I found T-1042 and sent it to billing; they will sort out the duplicate charge.',
      'Your refund of $49.00 on T-1042 is on its way; expect it in 5 to 10 business days.',
    ]);
    expect(result.stderr).toMatch(/ {2}↳ issue_refund ✓ \d+ms\n {2}↳ refund_flow ✓/);
    expect(result.stderr).toMatch(/✗ turn 3 failed at support_chat › concierge › round 1: .*mocks\.yaml: agent concierge has 5 rounds scripted; the model was asked for round 6/);
    expect(result.exitCode).toBe(1);
  });

  it('Ctrl-C cancels the running turn and stops reading: exit 1', async () => {
    const child = execa('node', [CA_BIN, 'chat', 'ticket_desk', '-p', ticketDeskProject()], { input: 'slow\nT-1\n', env: { NO_COLOR: '1' }, reject: false });
    let stderr = '';
    await new Promise<void>((resolve) => {
      child.stderr!.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (stderr.includes('session s_')) setTimeout(resolve, 300);
      });
    });
    const started = Date.now();
    child.kill('SIGINT');
    const result = await child;
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(result.exitCode).toBe(1);
    expect(String(result.stdout)).toBe('');
    expect(String(result.stderr)).toContain('⊘ turn 1 cancelled');
  });

  it('denies approvals in piped mode unless --approve all', async () => {
    const project = ticketDeskProject();
    expect((await runCli(['chat', 'ticket_desk', '-p', project], { input: 'refund T-2\n' })).stdout).toBe('Refund of T-2 is on hold.\n');
    expect((await runCli(['chat', 'ticket_desk', '-p', project, '--approve', 'all'], { input: 'refund T-2\n' })).stdout).toBe('Refunded T-2.\n');
  });

  it('/save writes the transcript as Markdown or as text, relative to the working directory', async () => {
    const project = ticketDeskProject();
    const result = await runCli(['chat', 'ticket_desk', '-p', project], { cwd: project, input: 'T-1\nT-404\n/save chat.md\n/save chat.txt\n/save missing/chat.md\n' });
    expect(result.stderr).toContain('saved 2 messages to chat.md (Markdown)');
    expect(result.stderr).toContain('saved 2 messages to chat.txt (text)');
    expect(result.stderr).toContain('cannot save to missing/chat.md: no such folder');
    const markdown = readFileSync(path.join(project, 'chat.md'), 'utf8');
    expect(markdown).toMatch(/^# Chat with ticket_desk\n\nSession `s_[0-9a-z]+` · 2 messages · saved \d{4}-\d\d-\d\dT/);
    expect(markdown).toContain('**you** › T-1\n\n- ↳ `lookup_ticket` ✓');
    expect(markdown).toContain('**ticket_desk** › T-1 is open.');
    expect(markdown).toContain('> ✗ turn 2 failed at ticket_desk › lookup_ticket: no ticket T-404 in the queue');
    const text = readFileSync(path.join(project, 'chat.txt'), 'utf8');
    expect(text).toMatch(/^you › T-1\n {2}↳ lookup_ticket ✓ \d+ms\nticket_desk › T-1 is open\.\nyou › T-404\n/m);
  });

  it('refuses what it cannot chat with, in one line with exit 2', async () => {
    const project = runnableFixture('support-desk');
    const cases: [string[], RegExp][] = [
      [['chat'], /ca chat needs the session or agent to talk to/],
      [['chat', 'triage'], /triage is a flow: ca chat talks to sessions and agents/],
      [['chat', 'refund_desks'], /no node named 'refund_desks' \(did you mean 'refund_desk'\?\)/],
      [['chat', 'refund_desk', '--format', 'junit'], /--format goes with --script/],
      [['chat', 'support_chat'], /OPENAI_API_KEY/],
    ];
    for (const [args, message] of cases) {
      const result = await runCli([...args, '-p', project], { input: 'hi\n', env: NO_KEYS });
      expect(result.exitCode, args.join(' ')).toBe(2);
      expect(lines(result.stderr), args.join(' ')).toEqual([expect.stringMatching(message)]);
    }
  });
});
