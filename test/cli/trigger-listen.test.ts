import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { symlinkSync } from 'node:fs';
import path from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import type { SessionEvent } from '../../src/core/session.js';
import { CA_BIN, runCli } from '../helpers/run-cli.js';
import { REPO_ROOT, copyFixture } from '../helpers/temp-project.js';

function runnableFixture(name: string): string {
  const dir = copyFixture(name);
  symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return dir;
}

const children: ResultPromise[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

/** `ca listen ID --json` as a child process, collecting its event lines. */
function listen(project: string, id: string, extra: string[] = []) {
  const child = execa('node', [CA_BIN, 'listen', id, '-p', project, '--json', ...extra], { env: { NO_COLOR: '1' }, reject: false });
  children.push(child);
  const events: SessionEvent[] = [];
  let buffer = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    const lines = buffer.split('\n');
    buffer = lines.pop()!;
    for (const line of lines) if (line.trim()) events.push(JSON.parse(line) as SessionEvent);
  });
  const until = async (predicate: (events: SessionEvent[]) => boolean, timeoutMs = 30_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(events)) {
      if (Date.now() > deadline) throw new Error(`listener saw only: ${events.map((e) => e.type).join(', ')}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  return { child, events, until };
}

describe('ca trigger', () => {
  it('keeps the state across processes, one turn each', async () => {
    const project = runnableFixture('support-desk');
    const say = (message: string) => runCli(['trigger', 'refund_desk', '-p', project, '--session', 'T-1042', message]);
    expect((await say('I need a refund on T-1042')).stdout).toBe('How much should we refund on T-1042?\n');
    expect((await say('49.90')).stdout).toBe('Refund $49.90 on T-1042? Reply yes to confirm.\n');
    const last = await say('yes');
    expect(last.exitCode).toBe(0);
    expect(last.stdout).toBe('Thanks. Your $49.90 refund on T-1042 is with the support team.\n');
    expect(last.stderr).toMatch(/session T-1042 · turn 3 · ca trace r_/);
  });

  it('returns the turn as JSON, and an unknown generated id is an error', async () => {
    const project = runnableFixture('runtime/orders');
    const first = await runCli(['trigger', 'order_chat', '-p', project, 'ORD-1', '--json']);
    expect(first.exitCode).toBe(0);
    const report = JSON.parse(first.stdout);
    expect(report).toMatchObject({ turn: 1, status: 'succeeded', reply: 'order 1 noted', state: { orders: 1 } });
    expect(report.sessionId).toMatch(/^s_/);
    const unknown = await runCli(['trigger', 'order_chat', '-p', project, '--session', 's_zzzz', 'hello']);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toMatch(/no session 's_zzzz'/);
  });
});

describe('ca listen', () => {
  it('sees another process’s turn, its tool calls and reply, in order', async () => {
    const project = runnableFixture('support-desk');
    const mock = path.join(project, 'mocks.yaml');
    const opened = await runCli(['trigger', 'refund_desk', '-p', project, '--session', 'chat-7', 'hello']);
    expect(opened.exitCode).toBe(0);
    const listener = listen(project, 'chat-7');
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const turn = await runCli(['trigger', 'refund_desk', '-p', project, '--session', 'chat-7', 'T-1042 for 12.50', '--mock', mock]);
    expect(turn.exitCode).toBe(0);
    await listener.until((events) => events.some((e) => e.type === 'turn.done'));
    expect(listener.events.map((e) => e.type)).toEqual(['turn.started', 'reply', 'turn.done']);
    expect(listener.events.map((e) => e.turn)).toEqual([2, 2, 2]);
    expect(listener.events[1]!.data).toEqual({ reply: 'Refund $12.50 on T-1042? Reply yes to confirm.' });
    const seqs = listener.events.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));

    const agentTurn = await runCli(['trigger', 'support_chat', '-p', project, '--session', 'chat-8', 'I was charged twice', '--mock', mock]);
    expect(agentTurn.exitCode).toBe(0);
    const replay = listen(project, 'chat-8', ['--from-start']);
    await replay.until((events) => events.some((e) => e.type === 'turn.done'));
    expect(replay.events.map((e) => (e.type === 'tool.called' ? `tool.called:${(e.data as { name: string }).name}` : e.type))).toEqual([
      'session.created',
      'turn.started',
      'tool.called:lookup_ticket',
      'tool.called:lookup_ticket',
      'tool.called:update_ticket',
      'tool.called:triage',
      'reply',
      'turn.done',
    ]);
  }, 90_000);

  it('forwards every event to a URL, retrying a failed POST', async () => {
    const received: SessionEvent[] = [];
    let failFirst = true;
    const server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        if (failFirst) {
          failFirst = false;
          response.writeHead(503).end();
          return;
        }
        received.push(JSON.parse(body) as SessionEvent);
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/ca`;
    try {
      const project = runnableFixture('runtime/orders');
      expect((await runCli(['trigger', 'order_chat', '-p', project, '--session', 'desk-1', 'ORD-1'])).exitCode).toBe(0);
      const listener = listen(project, 'desk-1', ['--from-start', '--forward-to', url]);
      await listener.until((events) => events.filter((e) => e.type === 'turn.done').length === 1);
      const deadline = Date.now() + 15_000;
      while (received.length < listener.events.length && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(received.map((e) => e.type)).toEqual(['session.created', 'turn.started', 'emit', 'reply', 'turn.done']);
      expect(received[2]!.data).toEqual({ event: 'order.counted', data: { orders: 1 } });
    } finally {
      server.close();
    }
  });
});

describe('a process killed mid-turn', () => {
  it('leaves the turn failed and the state the last good one', async () => {
    const project = runnableFixture('runtime/orders');
    const first = await runCli(['trigger', 'order_chat', '-p', project, '--session', 'desk-9', 'ORD-1', '--json']);
    expect(JSON.parse(first.stdout).state).toEqual({ orders: 1 });

    const listener = listen(project, 'desk-9');
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const doomed = execa('node', [CA_BIN, 'trigger', 'order_chat', '-p', project, '--session', 'desk-9', 'wait 60000'], { reject: false });
    children.push(doomed);
    await listener.until((events) => events.some((e) => e.type === 'turn.started'));
    doomed.kill('SIGKILL');
    await doomed;
    await listener.until((events) => events.some((e) => e.type === 'turn.failed'));
    expect(listener.events.find((e) => e.type === 'turn.failed')).toMatchObject({ turn: 2, data: { status: 'interrupted' } });

    const next = await runCli(['trigger', 'order_chat', '-p', project, '--session', 'desk-9', 'ORD-2', '--json']);
    expect(next.exitCode).toBe(0);
    // Turn 2 died: turn 3 starts from the state of turn 1.
    expect(JSON.parse(next.stdout)).toMatchObject({ turn: 3, reply: 'order 2 noted', state: { orders: 2 } });
    const runs = JSON.parse((await runCli(['runs', '-p', project, '--json', '--name', 'order_chat'])).stdout).runs as { status: string }[];
    expect(runs.map((r) => r.status)).toEqual(['succeeded', 'interrupted', 'succeeded']);
  }, 90_000);
});
