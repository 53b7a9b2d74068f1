import type { StandardSchemaV1 } from './standard-schema.js';

export type { StandardSchemaV1 };

/** What a caller hands over: the schema's input type, or `Else` when there is no schema. */
export type SchemaInput<S, Else> = S extends StandardSchemaV1 ? StandardSchemaV1.InferInput<S> : Else;

/** What comes out of validation: the schema's output type, or `Else` when there is no schema. */
export type SchemaOutput<S, Else> = S extends StandardSchemaV1 ? StandardSchemaV1.InferOutput<S> : Else;

/** True for any Standard Schema (zod, valibot, arktype …), by its `~standard` marker. */
export function isStandardSchema(value: unknown): value is StandardSchemaV1 {
  // Some vendors (arktype) make schemas callable functions, so functions count too.
  if ((typeof value !== 'object' && typeof value !== 'function') || value === null) return false;
  const props = (value as { '~standard'?: unknown })['~standard'];
  return (
    typeof props === 'object' &&
    props !== null &&
    (props as { version?: unknown }).version === 1 &&
    typeof (props as { validate?: unknown }).validate === 'function'
  );
}
