import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { generateText, streamText } from 'ai';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createModelClient } from '../../../src/runtime/models/create-model-client.js';
import { FakeLanguageModel } from '../../../src/runtime/models/fake-model.js';
import type { ModelRequest } from '../../../src/runtime/models/model-client.js';
import { sampleJsonSchema } from '../../../src/runtime/models/sample-json-schema.js';
import { toJsonSchema } from '../../../src/runtime/models/to-json-schema.js';

const client = createModelClient({ env: {} });

function ask(overrides: Partial<ModelRequest> = {}): ModelRequest {
  return {
    model: 'fake:echo',
    node: 'support_reply',
    kind: 'reasoner',
    messages: [{ role: 'user', content: 'Where is my refund for T-1042?' }],
    signal: new AbortController().signal,
    ...overrides,
  };
}

describe('the fake: provider', () => {
  it('echoes the last user message, with usage of about a token per 4 characters and no cost', async () => {
    const response = await client.generate(
      ask({
        system: 'Be brief.',
        messages: [
          { role: 'user', content: 'first question' },
          { role: 'assistant', content: 'first answer' },
          { role: 'user', content: 'Where is my refund for T-1042?' },
        ],
      }),
    );
    expect(response.text).toBe('echo: Where is my refund for T-1042?');
    expect(response.toolCalls).toEqual([]);
    // 'Be brief.' + 'first question' + 'first answer' + the question = 9 + 14 + 12 + 30 = 65 characters.
    expect(response.usage).toEqual({ input: Math.ceil(65 / 4), output: Math.ceil('echo: Where is my refund for T-1042?'.length / 4) });
    expect(response.costUsd).toBe(0);
    expect(response.model).toBe('fake:echo');
  });

  it('answers any fake:<name> the same way, deterministically', async () => {
    const a = await client.generate(ask({ model: 'fake:anything' }));
    const b = await client.generate(ask({ model: 'fake:anything' }));
    expect(a).toEqual(b);
    expect(a.text).toBe('echo: Where is my refund for T-1042?');
  });

  it('answers structured output with a value the schema accepts', async () => {
    const output = z.object({
      queue: z.enum(['billing', 'tech']),
      priority: z.number().int().min(1).max(5),
      reply: z.string().min(12),
      refundable: z.boolean(),
      tags: z.array(z.string()).min(2),
      customer: z.object({ email: z.email(), since: z.iso.datetime() }),
      note: z.string().optional(),
    });
    const response = await client.generate(ask({ outputSchema: toJsonSchema(output, 'output') }));
    expect(output.safeParse(response.object).success).toBe(true);
    expect(response.object).toEqual({
      queue: 'billing',
      priority: 1,
      reply: 'replyxxxxxxx',
      refundable: false,
      tags: ['tags', 'tags'],
      customer: { email: 'user@example.com', since: '1970-01-01T00:00:00.000Z' },
    });
  });

  it('answers a non-object output schema (it travels wrapped) and never calls the tools it is offered', async () => {
    const response = await client.generate(
      ask({
        kind: 'agent',
        outputSchema: toJsonSchema(z.array(z.enum(['refund', 'billing'])).min(1), 'output'),
        tools: [{ name: 'lookup_ticket', inputSchema: { type: 'object', properties: { ticket: { type: 'string' } } } }],
      }),
    );
    expect(response.toolCalls).toEqual([]);
    expect(response.object).toEqual(['refund']);
  });

  it('is an AI SDK language model: generateText and streamText work on it directly', async () => {
    const model = new FakeLanguageModel('echo');
    const result = await generateText({ model, prompt: 'ping' });
    expect(result.text).toBe('echo: ping');
    const stream = streamText({ model, prompt: 'refund for T-1042 please' });
    const deltas: string[] = [];
    for await (const delta of stream.textStream) deltas.push(delta);
    expect(deltas.join('')).toBe('echo: refund for T-1042 please');
    expect(deltas.length).toBeGreaterThan(1);
  });
});

describe('sampleJsonSchema', () => {
  const ajv = new Ajv({ strict: false });
  // ajv-formats is CommonJS; under NodeNext its default import is typed as the module.
  (addFormats as unknown as (ajv: Ajv) => void)(ajv);
  const schemas: Record<string, object> = {
    'enum and const': { type: 'object', properties: { a: { enum: ['x', 'y'] }, b: { const: 7 } }, required: ['a', 'b'] },
    'number bounds': {
      type: 'object',
      properties: { n: { type: 'number', minimum: 2.5 }, i: { type: 'integer', exclusiveMinimum: 3 }, neg: { type: 'integer', maximum: -4 }, lt: { type: 'number', exclusiveMaximum: 0 } },
      required: ['n', 'i', 'neg', 'lt'],
    },
    'string lengths and formats': {
      type: 'object',
      properties: { short: { type: 'string', maxLength: 2 }, long: { type: 'string', minLength: 20 }, id: { type: 'string', format: 'uuid' }, day: { type: 'string', format: 'date' } },
      required: ['short', 'long', 'id', 'day'],
    },
    'nullable and unions': { type: 'object', properties: { a: { anyOf: [{ type: 'null' }, { type: 'string' }] }, b: { type: ['null', 'integer'] }, c: { oneOf: [{ type: 'boolean' }] } }, required: ['a', 'b', 'c'] },
    'allOf merges': { allOf: [{ type: 'object', properties: { a: { type: 'string' } }, required: ['a'] }, { properties: { b: { type: 'number' } }, required: ['b'] }] },
    'tuples and minItems': {
      type: 'object',
      properties: { t: { type: 'array', items: [{ type: 'string' }, { type: 'integer' }], minItems: 2 }, m: { type: 'array', items: { type: 'boolean' }, minItems: 3 } },
      required: ['t', 'm'],
    },
  };
  for (const [name, schema] of Object.entries(schemas)) {
    it(`satisfies ${name}`, () => {
      const value = sampleJsonSchema(schema);
      expect(ajv.validate(schema, value), JSON.stringify({ value, errors: ajv.errors })).toBe(true);
    });
  }

  it('follows references, recursive ones too', () => {
    type Category = { name: string; children: Category[] };
    const category: z.ZodType<Category> = z.object({ name: z.string(), get children() { return z.array(category); } });
    const schema = toJsonSchema(z.object({ root: category, defs: z.array(category).min(1) }), 'output');
    const value = sampleJsonSchema(schema);
    expect(z.object({ root: category, defs: z.array(category) }).safeParse(value).success).toBe(true);
  });

  it('fills draft 2020-12 tuples (prefixItems)', () => {
    expect(sampleJsonSchema({ type: 'array', prefixItems: [{ type: 'string' }, { type: 'integer', minimum: 4 }] })).toEqual(['value', 4]);
  });

  it('answers a string named after the property, and any value for an empty schema', () => {
    expect(sampleJsonSchema({ type: 'object', properties: { queue: { type: 'string' } }, required: ['queue'] })).toEqual({ queue: 'queue' });
    expect(sampleJsonSchema({})).toBe('value');
  });
});
