import { afterEach, describe, expect, it } from 'vitest';
import type { RunEndedEvent, SpanEndedEvent, SpanLogEvent, SpanStartedEvent } from '../../src/core/trace.js';
import { HAS_SCRIPT } from '../helpers/pseudo-terminal.js';
import { type OpenAIServer, startOpenAIServer } from '../helpers/openai-server.js';
import { runCli } from '../helpers/run-cli.js';
import { caOnTerminal } from '../sessions/support/pty.js';
import { DESK_KEY, ndjson, unrulyDesk } from './support/unruly-desk.js';

let server: OpenAIServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const KEY = { LLM_AUTH: DESK_KEY };

describe('model calls are bounded and retried like tool calls', () => {
  it('retries a 429 after the Retry-After it asked for, then a 500, and shows each attempt in the trace', async () => {
    server = await startOpenAIServer();
    server.reply(
      { status: 429, message: 'Rate limit reached for requests', headers: { 'retry-after': '1' } },
      { status: 500, message: 'upstream overloaded', type: 'server_error' },
      { text: 'Customer asks where refund T-1042 is.' },
    );
    const desk = unrulyDesk({ baseURL: server.url });
    const result = await runCli(['run', 'summarize_ticket', '-p', desk, '--input', '"Where is my refund for T-1042?"', '--json'], { env: KEY });
    expect(result.exitCode).toBe(0);
    const events = ndjson(result.stdout);
    expect((events.at(-1) as RunEndedEvent).output).toBe('Customer asks where refund T-1042 is.');
    expect(server.requests).toHaveLength(3);
    expect(server.requests[1]!.at - server.requests[0]!.at).toBeGreaterThanOrEqual(950);
    const notes = events.filter((e): e is SpanLogEvent => e.type === 'span.log').map((e) => e.message);
    expect(notes[0]).toMatch(/^attempt 1 of 3 failed: local:summarize: HTTP 429 from .*Rate limit reached for requests; retrying in 1 s \(as Retry-After asked\)$/);
    expect(notes[1]).toMatch(/^attempt 2 of 3 failed: local:summarize: HTTP 500 .*upstream overloaded; retrying in [\d.]+ s \(backoff\)$/);
    const tree = await runCli(['trace', 'last', '-p', desk]);
    expect(tree.stdout).toContain('attempt 1 of 3 failed');
  });

  it('a server that never answers fails the step with the timeout, not a misleading "cannot reach", after its retries', async () => {
    server = await startOpenAIServer();
    server.reply({ hang: true }, { hang: true });
    const desk = unrulyDesk({ baseURL: server.url, models: '{ timeoutMs: 1000, retries: 1, maxRetryDelayMs: 100 }' });
    const started = Date.now();
    const result = await runCli(['run', 'summarize_ticket', '-p', desk, '--input', '"T-7"'], { env: KEY });
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('failed at summarize_ticket › summarize: model local:summarize did not answer within 1 s');
    expect(result.stderr).not.toMatch(/cannot reach/);
    expect(server.requests).toHaveLength(2);
  });

  it('a server that trickles bytes forever hits the same timeout', async () => {
    server = await startOpenAIServer();
    server.reply({ trickleEveryMs: 50 });
    const desk = unrulyDesk({ baseURL: server.url, models: '{ timeoutMs: 1000, retries: 0 }' });
    const started = Date.now();
    const result = await runCli(['run', 'summarize_ticket', '-p', desk, '--input', '"T-8"'], { env: KEY });
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('model local:summarize did not answer within 1 s');
  });

  it('a 400 is not retried: the request was wrong, another attempt would be too', async () => {
    server = await startOpenAIServer();
    server.reply({ status: 400, message: "Invalid value for 'messages'" });
    const desk = unrulyDesk({ baseURL: server.url });
    const result = await runCli(['run', 'summarize_ticket', '-p', desk, '--input', '"T-9"'], { env: KEY });
    expect(result.exitCode).toBe(1);
    expect(server.requests).toHaveLength(1);
    expect(result.stderr).toContain("HTTP 400");
  });
});

describe('what the model sees is what the trace says it saw', () => {
  it('a tool result with a cycle and a BigInt reaches the model as the same JSON the trace records', async () => {
    server = await startOpenAIServer();
    server.reply({ toolCalls: [{ id: 'call_1', name: 'fetch_account', arguments: { account: 'ACME-7' } }] }, { text: 'ACME-7 is on the team plan.' });
    const desk = unrulyDesk({ baseURL: server.url });
    const result = await runCli(['run', 'account_agent', '-p', desk, '--input', '"Which plan is ACME-7 on?"', '--json'], { env: KEY });
    expect(result.exitCode).toBe(0);
    const events = ndjson(result.stdout);
    const started = events.find((e): e is SpanStartedEvent => e.type === 'span.started' && e.name === 'fetch_account')!;
    const traced = events.find((e): e is SpanEndedEvent => e.type === 'span.ended' && e.spanId === started.spanId)!.output;
    const sent = server.requests[1]!.body.messages.find((m: { role: string }) => m.role === 'tool');
    expect(JSON.parse(sent.content)).toEqual(traced);
    expect(traced).toEqual({ account: 'ACME-7', ledgerId: '9007199254740993', plan: 'team', invoices: [{ id: 'INV-7', owner: '[circular]' }] });
  });
});

describe.skipIf(!HAS_SCRIPT)('provider errors are one line', () => {
  it('in a terminal ca chat: one line with the status and the server’s message, no SDK error object', async () => {
    server = await startOpenAIServer();
    server.reply({ status: 500, message: 'the model is overloaded', type: 'server_error' });
    const desk = unrulyDesk({ baseURL: server.url, models: '{ retries: 0 }' });
    const term = caOnTerminal(['chat', 'account_chat', '-p', desk], { env: KEY });
    await term.waitFor('you › ');
    term.type('Which plan is ACME-7 on?\r');
    await term.waitFor('the model is overloaded');
    await term.waitFor('you › ', 2);
    term.type('/exit\r');
    const { screen } = await term.exited;
    const problem = screen.split('\n').filter((line) => line.includes('overloaded'));
    expect(problem).toHaveLength(1);
    expect(problem[0]).toMatch(/local:desk-1: HTTP 500 from http:\/\/127\.0\.0\.1:\d+\/v1\/chat\/completions: the model is overloaded/);
    expect(screen).not.toMatch(/APICallError|at .*node_modules|responseBody|\[cause\]/);
  });
});
