import type { Ctx } from './ctx.js';
import { seal } from './define.js';
import type { Awaitable, Definition, FlowDefinition, MetaValue } from './definition.js';
import type { SchemaInput, SchemaOutput, StandardSchemaV1 } from './schema.js';
import { SpecCheck } from './validate.js';

/**
 * What `flow()` takes. `U` is the union of the definitions in `uses` (what `ctx` may call),
 * `IS` / `OS` the schemas, `I` the input type from `run`'s annotation, `R` what `run` returns.
 */
export interface FlowSpec<U extends Definition, IS, OS, I, R> {
  readonly name: string;
  readonly description?: string | undefined;
  readonly tags?: readonly string[] | undefined;
  /** Your own literal metadata (owner, regions, tier…): selectable as `config.meta.<key>:value`. */
  readonly meta?: Readonly<Record<string, MetaValue>> | undefined;
  /** Graph edges and the run-time grant: `ctx` can call exactly these. */
  readonly uses?: readonly U[] | undefined;
  readonly input?: IS;
  readonly output?: OS;
  readonly run: (
    ctx: Ctx<U>,
    input: SchemaOutput<IS, I>,
  ) => OS extends StandardSchemaV1 ? Awaitable<StandardSchemaV1.InferInput<OS>> : R;
}

/** Defines a flow: deterministic code that orchestrates the definitions it `uses`. */
export function flow<
  U extends Definition = never,
  IS extends StandardSchemaV1 | undefined = undefined,
  OS extends StandardSchemaV1 | undefined = undefined,
  I = void,
  R = unknown,
>(spec: FlowSpec<U, IS, OS, I, R>): FlowDefinition<SchemaInput<IS, I>, SchemaOutput<OS, Awaited<R>>> {
  SpecCheck.of('flow', spec).uses().schema('input').schema('output').function('run');
  return seal('flow', spec);
}
