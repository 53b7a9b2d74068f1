import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../../src/core/errors.js';
import { createModelClient } from '../../../src/runtime/models/create-model-client.js';
import type { ChatMessage, ModelClient, ModelRequest } from '../../../src/runtime/models/model-client.js';
import { tempDir } from '../../helpers/temp-project.js';

const MOCK = `
reasoners:
  classify_ticket: { queue: billing, priority: high }
  support_reply:
    outputs: ["first answer", "second answer"]
  refund_note: "Refunds take 5 days."
agents:
  concierge:
    - tool: lookup_ticket
      args: { ticket: T-1042 }
    - tools:
        - { tool: search_articles, args: { query: refund } }
        - { tool: lookup_ticket, args: { ticket: T-7 } }
      usage: { input: 1000000, output: 100000 }
    - answer: "Your refund is on its way."
  triage_agent:
    answer: { queue: tech }
`;

function mockClient(text = MOCK, options: { prices?: Record<string, { input: number; output: number }> } = {}): { client: ModelClient; file: string } {
  const dir = tempDir('ca-mock-');
  const file = path.join(dir, 'mock.yaml');
  writeFileSync(file, text);
  // Providers are configured and keys are absent: a mocked run never reaches them.
  const client = createModelClient({ mock: 'mock.yaml', cwd: dir, env: {}, providers: { local: { type: 'openai-compatible', baseURL: 'http://127.0.0.1:9/v1' } }, ...options });
  return { client, file };
}

function reasoner(node: string, outputSchema?: Record<string, unknown>): ModelRequest {
  return { model: 'openai:gpt-4o-mini', node, kind: 'reasoner', messages: [{ role: 'user', content: 'T-1042' }], signal: new AbortController().signal, ...(outputSchema ? { outputSchema } : {}) };
}

function agent(node: string, messages: ChatMessage[], outputSchema?: Record<string, unknown>): ModelRequest {
  return { model: 'openai:gpt-4o-mini', node, kind: 'agent', messages, signal: new AbortController().signal, ...(outputSchema ? { outputSchema } : {}) };
}

async function userError(promise: Promise<unknown>): Promise<UserError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UserError);
  return error as UserError;
}

describe('the --mock client', () => {
  it('answers a structured reasoner with its object, on every call', async () => {
    const { client } = mockClient();
    const schema = { type: 'object' };
    for (let i = 0; i < 2; i++) {
      const response = await client.generate(reasoner('classify_ticket', schema));
      expect(response).toEqual({
        text: JSON.stringify({ queue: 'billing', priority: 'high' }),
        object: { queue: 'billing', priority: 'high' },
        toolCalls: [],
        usage: { input: 0, output: 0 },
        costUsd: 0,
        model: 'openai:gpt-4o-mini',
      });
    }
  });

  it('answers a text reasoner with its string', async () => {
    const { client } = mockClient();
    const response = await client.generate(reasoner('refund_note'));
    expect(response.text).toBe('Refunds take 5 days.');
    expect(response).not.toHaveProperty('object');
  });

  it('plays outputs: in order, one per call, and repeats the last', async () => {
    const { client } = mockClient();
    const texts = [];
    for (let i = 0; i < 4; i++) texts.push((await client.generate(reasoner('support_reply'))).text);
    expect(texts).toEqual(['first answer', 'second answer', 'second answer', 'second answer']);
  });

  it("plays an agent's script by round: the number of assistant messages so far", async () => {
    const { client } = mockClient();
    const messages: ChatMessage[] = [{ role: 'user', content: 'Where is my refund?' }];

    const round1 = await client.generate(agent('concierge', messages));
    expect(round1.toolCalls).toEqual([{ id: 'call_1', name: 'lookup_ticket', args: { ticket: 'T-1042' } }]);
    expect(round1.text).toBe('');
    messages.push({ role: 'assistant', content: '', toolCalls: round1.toolCalls }, { role: 'tool', toolCallId: 'call_1', toolName: 'lookup_ticket', output: {} });

    const round2 = await client.generate(agent('concierge', messages));
    expect(round2.toolCalls).toEqual([
      { id: 'call_2', name: 'search_articles', args: { query: 'refund' } },
      { id: 'call_3', name: 'lookup_ticket', args: { ticket: 'T-7' } },
    ]);
    // usage: from the file, priced as the request's model (gpt-4o-mini: 0.15 in, 0.6 out per million).
    expect(round2.usage).toEqual({ input: 1_000_000, output: 100_000 });
    expect(round2.costUsd).toBeCloseTo(0.15 + 0.06, 10);
    messages.push({ role: 'assistant', content: '', toolCalls: round2.toolCalls });

    const round3 = await client.generate(agent('concierge', messages));
    expect(round3.text).toBe('Your refund is on its way.');
    expect(round3.toolCalls).toEqual([]);

    messages.push({ role: 'assistant', content: round3.text }, { role: 'user', content: 'Thanks! And T-7?' });
    const error = await userError(client.generate(agent('concierge', messages)));
    expect(error.code).toBe('mock-exhausted');
    expect(error.message).toBe('mock.yaml: agent concierge has 3 rounds scripted; the model was asked for round 4');
  });

  it('takes one round on its own as a one-round script, with an object answer for a structured agent', async () => {
    const { client } = mockClient();
    const response = await client.generate(agent('triage_agent', [{ role: 'user', content: 'printer on fire' }], { type: 'object' }));
    expect(response.object).toEqual({ queue: 'tech' });
  });

  it('prices usage with ca.yaml prices', async () => {
    const { client } = mockClient(`agents:\n  concierge: { answer: ok, usage: { input: 2000000, output: 0 } }\n`, { prices: { 'openai:gpt-4o-mini': { input: 1, output: 1 } } });
    expect((await client.generate(agent('concierge', [{ role: 'user', content: 'hi' }]))).costUsd).toBe(2);
  });

  it('a node the file does not mention is an error naming the node and the file, never a real call', async () => {
    const { client } = mockClient();
    const error = await userError(client.generate(reasoner('summarise_invoice')));
    expect(error.code).toBe('mock-missing');
    expect(error.message).toBe('no mock for reasoner summarise_invoice in mock.yaml');
    expect(error.hint).toContain('reasoners:');
    const custom = await userError(client.generate({ ...reasoner('summarise_invoice'), model: 'local:llama3' }));
    expect(custom.code).toBe('mock-missing');
  });

  it('says so when the node is in the other section', async () => {
    const { client } = mockClient();
    const error = await userError(client.generate(agent('classify_ticket', [{ role: 'user', content: 'hi' }])));
    expect(error.message).toBe('no mock for agent classify_ticket in mock.yaml (it is listed under reasoners:)');
  });

  it('a bad mock file fails when the client is created, before anything runs', () => {
    expect(() => mockClient('agents:\n  concierge:\n    - tol: lookup_ticket\n')).toThrow(UserError);
  });
});
