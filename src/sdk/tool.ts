import type { Ctx } from './ctx.js';
import { seal } from './define.js';
import { EFFECTS, type Awaitable, type Effect, type MetaValue, type ToolDefinition } from './definition.js';
import type { SchemaInput, SchemaOutput, StandardSchemaV1 } from './schema.js';
import { SpecCheck } from './validate.js';

/**
 * What `tool()` takes. `IS` / `OS` are the input and output schemas (or `undefined`), `I` the
 * input type from `run`'s annotation when there is no input schema, `R` what `run` returns.
 */
export interface ToolSpec<IS, OS, I, R> {
  readonly name: string;
  readonly description?: string | undefined;
  /** Absent means `'write'`. */
  readonly effect?: Effect | undefined;
  readonly idempotent?: boolean | undefined;
  readonly tags?: readonly string[] | undefined;
  /** Your own literal metadata (owner, regions, tier…): selectable as `config.meta.<key>:value`. */
  readonly meta?: Readonly<Record<string, MetaValue>> | undefined;
  readonly input?: IS;
  readonly output?: OS;
  readonly run: (
    input: SchemaOutput<IS, I>,
    ctx: Ctx<never>,
  ) => OS extends StandardSchemaV1 ? Awaitable<StandardSchemaV1.InferInput<OS>> : R;
}

/** Defines a tool: plain code that flows, agents and sessions may call. */
export function tool<
  IS extends StandardSchemaV1 | undefined = undefined,
  OS extends StandardSchemaV1 | undefined = undefined,
  I = void,
  R = unknown,
>(spec: ToolSpec<IS, OS, I, R>): ToolDefinition<SchemaInput<IS, I>, SchemaOutput<OS, Awaited<R>>> {
  SpecCheck.of('tool', spec)
    .oneOf('effect', EFFECTS)
    .boolean('idempotent')
    .schema('input')
    .schema('output')
    .function('run');
  return seal('tool', spec);
}
