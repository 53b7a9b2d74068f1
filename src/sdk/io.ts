import type { Kind } from './kind.js';
import type { StandardSchemaV1 } from './standard-schema.js';

/**
 * The least a value must look like to be passed where a definition is expected. `Ctx` is typed
 * against this shape rather than the full interfaces so that the definition interfaces (whose
 * `run` takes a `Ctx`) and `Ctx` (whose `call` takes a definition) do not import each other.
 */
export interface DefinitionShape {
  readonly kind: Kind;
  readonly name: string;
}

// Tools, reasoners, flows and agents declare their input and output types on their optional
// `input` / `output` schema fields even when no schema was given, so one structural rule reads
// all four. A session always takes a message and gives a reply.

/** What a caller passes to a definition (`ctx.call`, `ctx.think`, `ca run --input`). */
export type InputOf<D> = D extends { readonly kind: 'session' }
  ? string
  : D extends { readonly input?: StandardSchemaV1<infer I, unknown> | undefined }
    ? I
    : never;

/** What a caller gets back from a definition, awaited. */
export type OutputOf<D> = D extends { readonly kind: 'session' }
  ? string
  : D extends { readonly output?: StandardSchemaV1<unknown, infer O> | undefined }
    ? O
    : never;

/**
 * The state a session threads across turns: what `init` returns. An agent-backed session keeps
 * its conversation in a shape the runtime owns, hence `unknown`.
 */
export type StateOf<D> = D extends { readonly kind: 'session'; readonly init: () => infer S }
  ? S
  : D extends { readonly kind: 'session' }
    ? unknown
    : never;
