import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { toJsonSchema } from '../../../src/runtime/models/to-json-schema.js';

describe('toJsonSchema', () => {
  it("reads a zod object's input and output sides, without $schema", () => {
    const refund = z.object({ ticket: z.string(), amount: z.number().positive(), reason: z.string().default('billing error') });
    expect(toJsonSchema(refund, 'input')).toEqual({
      type: 'object',
      properties: { ticket: { type: 'string' }, amount: { type: 'number', exclusiveMinimum: 0 }, reason: { type: 'string', default: 'billing error' } },
      required: ['ticket', 'amount'],
    });
    // On the output side a default is always there, and extra keys are gone.
    expect(toJsonSchema(refund, 'output')).toMatchObject({ required: ['ticket', 'amount', 'reason'], additionalProperties: false });
  });

  it('keeps descriptions, enums and nesting', () => {
    const schema = z.object({ queue: z.enum(['billing', 'tech']).describe('Where the ticket goes'), tags: z.array(z.string()) });
    expect(toJsonSchema(schema, 'output')).toEqual({
      type: 'object',
      properties: { queue: { type: 'string', enum: ['billing', 'tech'], description: 'Where the ticket goes' }, tags: { type: 'array', items: { type: 'string' } } },
      required: ['queue', 'tags'],
      additionalProperties: false,
    });
  });

  it('turns what JSON Schema cannot express into any value instead of failing', () => {
    const schema = z.object({ due: z.date(), cents: z.string().transform((s) => Number(s)) });
    expect(toJsonSchema(schema, 'input')).toEqual({ type: 'object', properties: { due: {}, cents: { type: 'string' } }, required: ['due', 'cents'] });
    expect(toJsonSchema(z.string().transform((s) => s.length), 'output')).toEqual({});
  });

  it('uses the Standard JSON Schema converter of any library', () => {
    const calls: unknown[] = [];
    const schema = {
      '~standard': {
        version: 1,
        vendor: 'acme',
        validate: (value: unknown) => ({ value }),
        jsonSchema: {
          input: (options: unknown) => (calls.push(options), { $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', properties: { invoice: { type: 'string' } } }),
          output: () => ({ type: 'string' }),
        },
      },
    };
    expect(toJsonSchema(schema, 'input')).toEqual({ type: 'object', properties: { invoice: { type: 'string' } } });
    expect(calls).toEqual([{ target: 'draft-07', libraryOptions: { unrepresentable: 'any' } }]);
    expect(toJsonSchema(schema, 'output')).toEqual({ type: 'string' });
  });

  it('is any value for a Standard Schema without a converter, a converter that throws, or no schema', () => {
    const plain = { '~standard': { version: 1, vendor: 'valibot', validate: (value: unknown) => ({ value }) } };
    const throwing = { '~standard': { ...plain['~standard'], jsonSchema: { input: () => { throw new Error('unsupported'); }, output: () => ({}) } } };
    expect(toJsonSchema(plain, 'input')).toEqual({});
    expect(toJsonSchema(throwing, 'input')).toEqual({});
    expect(toJsonSchema(undefined, 'output')).toEqual({});
  });
});
