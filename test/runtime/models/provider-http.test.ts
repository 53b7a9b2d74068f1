import { streamText } from 'ai';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { createModelClient } from '../../../src/runtime/models/create-model-client.js';
import type { ChatMessage, ModelRequest } from '../../../src/runtime/models/model-client.js';
import { ModelCallError } from '../../../src/runtime/models/model-errors.js';
import { createLanguageModelResolver } from '../../../src/runtime/models/resolve-language-model.js';
import { toJsonSchema } from '../../../src/runtime/models/to-json-schema.js';
import { type OpenAIServer, startOpenAIServer } from '../../helpers/openai-server.js';

// The provider path for real: the AI SDK's own provider packages, over HTTP, to a local server that
// speaks the OpenAI chat-completions API. Nothing leaves 127.0.0.1.

let server: OpenAIServer;
beforeAll(async () => {
  server = await startOpenAIServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
});

const lookupTicket = {
  name: 'lookup_ticket',
  description: 'Fetch a ticket by id',
  inputSchema: toJsonSchema(z.object({ ticket: z.string() }), 'input'),
};

function request(overrides: Partial<ModelRequest>): ModelRequest {
  return {
    model: 'local:llama3',
    node: 'concierge',
    kind: 'agent',
    messages: [{ role: 'user', content: 'Where is my refund for T-1042?' }],
    signal: new AbortController().signal,
    ...overrides,
  };
}

/** A client as `ca run` builds it from a ca.yaml with `providers: { local: … }`. */
function localClient() {
  return createModelClient({
    providers: { local: { type: 'openai-compatible', baseURL: server.url, apiKeyEnv: 'LOCAL_LLM_KEY' } },
    prices: { 'local:llama3': { input: 0.1, output: 0.2 } },
    env: { LOCAL_LLM_KEY: 'sk-local-test' },
  });
}

describe('a ca.yaml openai-compatible provider over HTTP', () => {
  it('sends the system prompt, the user message and the settings, and reads the text answer, usage and cost', async () => {
    server.reply({ text: 'Your refund is on its way.', usage: { prompt: 1_000_000, completion: 500_000 } });
    const response = await localClient().generate(request({ system: 'Help the customer.', temperature: 0.2, maxTokens: 300 }));

    expect(response).toEqual({
      text: 'Your refund is on its way.',
      toolCalls: [],
      usage: { input: 1_000_000, output: 500_000 },
      costUsd: 0.1 + 0.1, // 1M input at 0.1 + 0.5M output at 0.2, from ca.yaml prices
      model: 'local:llama3',
    });
    expect(server.requests).toHaveLength(1);
    const sent = server.requests[0]!;
    expect(sent.path).toBe('/v1/chat/completions');
    expect(sent.headers.authorization).toBe('Bearer sk-local-test');
    expect(sent.body).toMatchObject({
      model: 'llama3',
      temperature: 0.2,
      max_tokens: 300,
      messages: [
        { role: 'system', content: 'Help the customer.' },
        { role: 'user', content: 'Where is my refund for T-1042?' },
      ],
    });
    expect(sent.body.tools).toBeUndefined();
    expect(sent.body.response_format).toBeUndefined();
  });

  it('streams a text answer delta by delta when asked (the chat REPL), with the same response at the end', async () => {
    server.reply({ text: 'Your refund of $49.00 is on its way.', usage: { prompt: 40, completion: 9 } });
    const deltas: string[] = [];
    const response = await localClient().generate(request({ onText: (delta) => deltas.push(delta) }));
    expect(server.requests[0]!.body.stream).toBe(true);
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.join('')).toBe('Your refund of $49.00 is on its way.');
    expect(response).toMatchObject({ text: 'Your refund of $49.00 is on its way.', toolCalls: [], usage: { input: 40, output: 9 } });
  });

  it('streams a round that calls tools: the calls come back as without streaming', async () => {
    server.reply({ toolCalls: [{ id: 'call_s', name: 'lookup_ticket', arguments: { ticket: 'T-1042' } }] });
    const deltas: string[] = [];
    const response = await localClient().generate(request({ tools: [lookupTicket], onText: (delta) => deltas.push(delta) }));
    expect(response.toolCalls).toEqual([{ id: 'call_s', name: 'lookup_ticket', args: { ticket: 'T-1042' } }]);
    expect(deltas.join('')).toBe('');
  });

  it('offers tools with their JSON schemas, returns the tool calls, and sends the results back in round 2', async () => {
    server.reply({ toolCalls: [{ id: 'call_abc', name: 'lookup_ticket', arguments: { ticket: 'T-1042' } }] });
    const client = localClient();
    const round1 = await client.generate(request({ tools: [lookupTicket] }));

    expect(round1.text).toBe('');
    expect(round1.toolCalls).toEqual([{ id: 'call_abc', name: 'lookup_ticket', args: { ticket: 'T-1042' } }]);
    expect(server.requests[0]!.body.tools).toEqual([
      {
        type: 'function',
        function: {
          name: 'lookup_ticket',
          description: 'Fetch a ticket by id',
          // The input side of a zod object: extra keys are stripped, not refused.
          parameters: { type: 'object', properties: { ticket: { type: 'string' } }, required: ['ticket'] },
        },
      },
    ]);

    server.reply({ text: 'T-1042 is in the billing queue: 120 USD, refund approved.' });
    const messages: ChatMessage[] = [
      { role: 'user', content: 'Where is my refund for T-1042?' },
      { role: 'assistant', content: '', toolCalls: round1.toolCalls },
      { role: 'tool', toolCallId: 'call_abc', toolName: 'lookup_ticket', output: { ticket: 'T-1042', queue: 'billing', amount: 120 } },
    ];
    const round2 = await client.generate(request({ tools: [lookupTicket], messages }));

    expect(round2.text).toBe('T-1042 is in the billing queue: 120 USD, refund approved.');
    expect(round2.toolCalls).toEqual([]);
    const sent = server.requests[1]!.body.messages;
    expect(sent[1]).toMatchObject({
      role: 'assistant',
      tool_calls: [{ id: 'call_abc', type: 'function', function: { name: 'lookup_ticket', arguments: JSON.stringify({ ticket: 'T-1042' }) } }],
    });
    expect(sent[2]).toEqual({ role: 'tool', tool_call_id: 'call_abc', content: JSON.stringify({ ticket: 'T-1042', queue: 'billing', amount: 120 }) });
  });

  it('sends several tool results of one round together and marks a failed one', async () => {
    server.reply({ text: 'done' });
    await localClient().generate(
      request({
        tools: [lookupTicket],
        messages: [
          { role: 'user', content: 'Check T-1 and T-2' },
          {
            role: 'assistant',
            content: 'Looking both up.',
            toolCalls: [
              { id: 'c1', name: 'lookup_ticket', args: { ticket: 'T-1' } },
              { id: 'c2', name: 'lookup_ticket', args: { ticket: 'T-2' } },
            ],
          },
          { role: 'tool', toolCallId: 'c1', toolName: 'lookup_ticket', output: { ticket: 'T-1', queue: 'billing' } },
          { role: 'tool', toolCallId: 'c2', toolName: 'lookup_ticket', output: 'ticket T-2 not found', isError: true },
        ],
      }),
    );
    const sent = server.requests[0]!.body.messages;
    expect(sent.map((m: { role: string }) => m.role)).toEqual(['user', 'assistant', 'tool', 'tool']);
    expect(sent[1].content).toBe('Looking both up.');
    expect(sent[3]).toEqual({ role: 'tool', tool_call_id: 'c2', content: 'ticket T-2 not found' });
  });

  it('asks for structured output with the JSON schema and parses the object', async () => {
    const output = z.object({ queue: z.enum(['billing', 'tech']), priority: z.enum(['low', 'high']), note: z.string().optional() });
    server.reply({ json: { queue: 'billing', priority: 'high' } });
    const response = await localClient().generate(request({ kind: 'reasoner', node: 'classify_ticket', outputSchema: toJsonSchema(output, 'output') }));

    expect(response.object).toEqual({ queue: 'billing', priority: 'high' });
    expect(response.text).toBe(JSON.stringify({ queue: 'billing', priority: 'high' }));
    expect(server.requests[0]!.body.response_format).toEqual({
      type: 'json_schema',
      json_schema: { name: 'classify_ticket', strict: false, schema: toJsonSchema(output, 'output') },
    });
  });

  it('wraps a schema that is not an object in { value } on the wire and unwraps the answer', async () => {
    server.reply({ json: { value: ['refund', 'billing'] } });
    const response = await localClient().generate(request({ kind: 'reasoner', node: 'tag_ticket', outputSchema: toJsonSchema(z.array(z.string()), 'output') }));
    expect(response.object).toEqual(['refund', 'billing']);
    expect(server.requests[0]!.body.response_format.json_schema.schema).toEqual({
      type: 'object',
      properties: { value: { type: 'array', items: { type: 'string' } } },
      required: ['value'],
      additionalProperties: false,
    });
  });

  it('returns tool calls and no object when an agent with an output schema calls tools first', async () => {
    server.reply({ toolCalls: [{ name: 'lookup_ticket', arguments: { ticket: 'T-7' } }] });
    const response = await localClient().generate(request({ tools: [lookupTicket], outputSchema: toJsonSchema(z.object({ reply: z.string() }), 'output') }));
    expect(response.toolCalls).toHaveLength(1);
    expect(response).not.toHaveProperty('object');
  });

  it('hands back a call to a tool it did not offer, and unparsable arguments as they came, for the run to refuse', async () => {
    server.reply({
      toolCalls: [
        { id: 'c1', name: 'delete_all_tickets', arguments: {} },
        { id: 'c2', name: 'lookup_ticket', arguments: '{"ticket": ' },
      ],
    });
    const response = await localClient().generate(request({ tools: [lookupTicket] }));
    expect(response.toolCalls).toEqual([
      { id: 'c1', name: 'delete_all_tickets', args: {} },
      { id: 'c2', name: 'lookup_ticket', args: '{"ticket": ' },
    ]);
  });

  it('keeps provider warnings off stdout and stderr, and sends json_object to a server without structured outputs', async () => {
    const info = vi.spyOn(console, 'info');
    const warn = vi.spyOn(console, 'warn');
    try {
      server.reply({ json: { queue: 'billing' } });
      const client = createModelClient({ providers: { plain: { type: 'openai-compatible', baseURL: server.url, structuredOutputs: false } }, env: {} });
      const response = await client.generate(request({ model: 'plain:llama3', outputSchema: toJsonSchema(z.object({ queue: z.string() }), 'output') }));
      expect(response.object).toEqual({ queue: 'billing' });
      expect(server.requests[0]!.body.response_format).toEqual({ type: 'json_object' });
      expect(info).not.toHaveBeenCalled();
      expect(warn).not.toHaveBeenCalled();
    } finally {
      info.mockRestore();
      warn.mockRestore();
    }
  });

  it('turns an answer that is not JSON into a clear, retryable error', async () => {
    server.reply({ text: 'Sure! The queue is billing.' });
    const error = await localClient()
      .generate(request({ kind: 'reasoner', node: 'classify_ticket', outputSchema: toJsonSchema(z.object({ queue: z.string() }), 'output') }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelCallError);
    expect(error).toMatchObject({ code: 'model-bad-output', retryable: true });
    expect((error as Error).message).toMatch(/^local:llama3: /);
  });
});

describe('openai: with OPENAI_BASE_URL', () => {
  it('uses the chat-completions API, the key from OPENAI_API_KEY, and the price table', async () => {
    server.reply({ text: 'Hello from gpt-4o-mini', usage: { prompt: 2_000_000, completion: 1_000_000 } });
    const client = createModelClient({ env: { OPENAI_API_KEY: 'sk-openai-test', OPENAI_BASE_URL: server.url } });
    const response = await client.generate(request({ model: 'openai:gpt-4o-mini', kind: 'reasoner', node: 'support_reply' }));

    expect(response.text).toBe('Hello from gpt-4o-mini');
    expect(response.costUsd).toBeCloseTo(2 * 0.15 + 1 * 0.6, 10);
    expect(server.requests[0]!.path).toBe('/v1/chat/completions');
    expect(server.requests[0]!.headers.authorization).toBe('Bearer sk-openai-test');
    expect(server.requests[0]!.body.model).toBe('gpt-4o-mini');
  });

  it('sends strict: false structured output (optional fields are fine) and reads tool calls', async () => {
    server.reply({ toolCalls: [{ id: 'call_1', name: 'lookup_ticket', arguments: { ticket: 'T-9' } }] });
    const client = createModelClient({ env: { OPENAI_API_KEY: 'sk-openai-test', OPENAI_BASE_URL: server.url } });
    const response = await client.generate(
      request({ model: 'openai:gpt-4o-mini', tools: [lookupTicket], outputSchema: toJsonSchema(z.object({ reply: z.string(), cc: z.string().optional() }), 'output') }),
    );
    expect(response.toolCalls).toEqual([{ id: 'call_1', name: 'lookup_ticket', args: { ticket: 'T-9' } }]);
    expect(server.requests[0]!.body.response_format.json_schema.strict).toBe(false);
  });

  it('reports an HTTP error as one line with the status and the provider message, without retrying', async () => {
    server.reply({ status: 401, message: 'Incorrect API key provided: sk-opena***test.', type: 'invalid_request_error' });
    const client = createModelClient({ env: { OPENAI_API_KEY: 'sk-openai-test', OPENAI_BASE_URL: server.url } });
    const error = await client.generate(request({ model: 'openai:gpt-4o-mini' })).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ModelCallError);
    expect((error as Error).message).toBe(`openai:gpt-4o-mini: HTTP 401 from ${server.url}/chat/completions: Incorrect API key provided: sk-opena***test.`);
    expect(error).toMatchObject({ code: 'model-http-error', status: 401, retryable: false });
    expect(server.requests).toHaveLength(1);
  });

  it('marks a rate limit as retryable and leaves the retry to the interpreter', async () => {
    server.reply({ status: 429, message: 'Rate limit reached for gpt-4o-mini', type: 'rate_limit_error' });
    const client = createModelClient({ env: { OPENAI_API_KEY: 'sk-openai-test', OPENAI_BASE_URL: server.url } });
    const error = await client.generate(request({ model: 'openai:gpt-4o-mini' })).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'model-http-error', status: 429, retryable: true });
    expect(server.requests).toHaveLength(1);
  });
});

describe('ollama: and openai-compatible:', () => {
  it('ollama: goes to OLLAMA_BASE_URL with no key', async () => {
    server.reply({ text: 'llama says hi' });
    const client = createModelClient({ env: { OLLAMA_BASE_URL: server.url } });
    const response = await client.generate(request({ model: 'ollama:llama3.1:8b' }));
    expect(response.text).toBe('llama says hi');
    expect(response.costUsd).toBe(0);
    expect(server.requests[0]!.body.model).toBe('llama3.1:8b');
    expect(server.requests[0]!.headers.authorization).toBeUndefined();
  });

  it('openai-compatible: goes to OPENAI_COMPATIBLE_BASE_URL with the optional OPENAI_COMPATIBLE_API_KEY', async () => {
    server.reply({ text: 'vllm says hi' });
    const client = createModelClient({ env: { OPENAI_COMPATIBLE_BASE_URL: server.url, OPENAI_COMPATIBLE_API_KEY: 'sk-compat' } });
    const response = await client.generate(request({ model: 'openai-compatible:qwen2.5-7b' }));
    expect(response.text).toBe('vllm says hi');
    expect(server.requests[0]!.headers.authorization).toBe('Bearer sk-compat');
  });

  it('a server that is not there is a clear, retryable error', async () => {
    const gone = await startOpenAIServer();
    const url = gone.url;
    await gone.close();
    const client = createModelClient({ env: { OLLAMA_BASE_URL: url } });
    const error = await client.generate(request({ model: 'ollama:llama3' })).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'model-unreachable', retryable: true });
    expect((error as Error).message).toMatch(new RegExp(`^ollama:llama3: cannot reach ${url}/chat/completions: .*ECONNREFUSED`));
  });

  it('an aborted signal stops the call', async () => {
    const controller = new AbortController();
    controller.abort();
    const client = createModelClient({ env: { OLLAMA_BASE_URL: server.url } });
    const error = await client.generate(request({ model: 'ollama:llama3', signal: controller.signal })).catch((e: unknown) => e);
    expect((error as Error).name).toBe('AbortError');
  });
});

describe('streaming (server-sent events), for streamed replies', () => {
  it('streams text and tool calls through the same provider models', async () => {
    const resolve = createLanguageModelResolver({ providers: { local: { type: 'openai-compatible', baseURL: server.url } } });
    const model = await resolve('local:llama3', { node: 'concierge', kind: 'agent' });

    server.reply({ text: 'Your refund is on its way.' });
    const text = streamText({ model, prompt: 'Where is my refund?', maxRetries: 0 });
    const deltas: string[] = [];
    for await (const delta of text.textStream) deltas.push(delta);
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.join('')).toBe('Your refund is on its way.');
    expect((await text.usage).inputTokens).toBe(12);
    expect(server.requests[0]!.body.stream).toBe(true);

    server.reply({ toolCalls: [{ id: 'call_s', name: 'lookup_ticket', arguments: { ticket: 'T-5' } }] });
    const { jsonSchema } = await import('ai');
    const calls = streamText({ model, prompt: 'T-5?', tools: { lookup_ticket: { inputSchema: jsonSchema(lookupTicket.inputSchema) } }, maxRetries: 0 });
    const toolCalls = await calls.toolCalls;
    expect(toolCalls.map((c) => ({ id: c.toolCallId, name: c.toolName, input: c.input }))).toEqual([{ id: 'call_s', name: 'lookup_ticket', input: { ticket: 'T-5' } }]);
  });
});
