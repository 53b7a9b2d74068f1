import { toJSONSchema } from 'zod';

export type JsonSchema = Record<string, unknown>;

/** Enough of a Standard Schema (and of Standard JSON Schema, its optional converter) to read. */
interface MaybeJsonSchemaSource {
  readonly '~standard'?: {
    readonly jsonSchema?: {
      readonly input?: (options: { target: string; libraryOptions?: Record<string, unknown> }) => Record<string, unknown>;
      readonly output?: (options: { target: string; libraryOptions?: Record<string, unknown> }) => Record<string, unknown>;
    };
  };
  readonly _zod?: unknown;
}

/**
 * The JSON Schema of a definition's `input` or `output` schema, for the model: what a tool takes,
 * what a reasoner must answer. In order:
 * 1. the Standard JSON Schema interface (`schema['~standard'].jsonSchema`, zod ≥ 4.2, and any
 *    library implementing it), whatever copy of the library the project uses;
 * 2. zod 4's `toJSONSchema` (the CLI's own zod) for zod 4 schemas without it;
 * 3. `{}`, any value, for everything else (valibot, arktype without the converter, zod 3).
 * Types JSON Schema cannot express (dates, transforms, bigint) become `{}` rather than an error:
 * the schema still validates the value at run time. `$schema` is dropped: providers do not want it.
 */
export function toJsonSchema(schema: unknown, io: 'input' | 'output'): JsonSchema {
  if (schema === undefined || schema === null || typeof schema !== 'object') return {};
  const source = schema as MaybeJsonSchemaSource;
  const convert = source['~standard']?.jsonSchema?.[io];
  if (typeof convert === 'function') {
    try {
      return clean(convert({ target: 'draft-07', libraryOptions: { unrepresentable: 'any' } }));
    } catch {
      // Fall through: the library could not convert; zod's own converter may still.
    }
  }
  if (source._zod !== undefined) {
    try {
      return clean(toJSONSchema(schema as Parameters<typeof toJSONSchema>[0], { target: 'draft-7', io, unrepresentable: 'any' }) as JsonSchema);
    } catch {
      // A schema from another zod copy the converter cannot read: any value.
    }
  }
  return {};
}

function clean(jsonSchema: Record<string, unknown>): JsonSchema {
  const { $schema: _, ...rest } = jsonSchema;
  return rest;
}

/** Whether a JSON Schema describes an object (what tools take and what providers' JSON modes return). */
export function isObjectSchema(schema: JsonSchema): boolean {
  return schema['type'] === 'object';
}
