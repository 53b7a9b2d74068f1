import { seal } from './define.js';
import type { AgentDefinition, Budget, Definition, MetaValue, ModelId } from './definition.js';
import type { SchemaInput, SchemaOutput, StandardSchemaV1 } from './schema.js';
import { SpecCheck } from './validate.js';

/** What `agent()` takes; `IS` / `OS` are the input and output schemas (or `undefined`). */
export interface AgentSpec<IS, OS> {
  readonly name: string;
  readonly description?: string | undefined;
  readonly tags?: readonly string[] | undefined;
  /** Your own literal metadata (owner, regions, tier…): selectable as `config.meta.<key>:value`. */
  readonly meta?: Readonly<Record<string, MetaValue>> | undefined;
  readonly model: ModelId;
  /** The controller's system prompt. */
  readonly instructions: string;
  /** What the controller may call: graph edges and the run-time grant. */
  readonly uses?: readonly Definition[] | undefined;
  readonly budget?: Budget | undefined;
  /** Without it the agent takes a message string. */
  readonly input?: IS;
  /** Without it the agent answers with a string. */
  readonly output?: OS;
}

/** Defines an agent: a model-driven loop over the tools, flows and agents it `uses`. */
export function agent<
  IS extends StandardSchemaV1 | undefined = undefined,
  OS extends StandardSchemaV1 | undefined = undefined,
>(spec: AgentSpec<IS, OS>): AgentDefinition<SchemaInput<IS, string>, SchemaOutput<OS, string>> {
  SpecCheck.of('agent', spec)
    .model()
    .string('instructions', true)
    .uses()
    .budget()
    .schema('input')
    .schema('output');
  return seal('agent', spec);
}
