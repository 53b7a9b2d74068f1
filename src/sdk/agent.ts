import { seal } from './define.js';
import { APPROVALS, type AgentDefinition, type Approval, type Budget, type Definition, type MetaValue, type ModelId } from './definition.js';
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
  /**
   * Which tool calls chosen by the model need a person's approval first: 'dangerous' (tools with
   * effect 'dangerous'), 'always' or 'never'. Absent means 'dangerous' for the runtime; `ca lint`
   * still asks for it to be written down when a dangerous tool is in reach.
   */
  readonly approval?: Approval | undefined;
  /** Without it the agent takes a message string. */
  readonly input?: IS;
  /** Without it the agent answers with a string. */
  readonly output?: OS;
  /** Give up on one round's model call after this many milliseconds (default: `models.timeoutMs` in ca.yaml, else 60 s). */
  readonly timeoutMs?: number | undefined;
  /** Further attempts of a round's model call after a 429, a 5xx, a connection error or a timeout (default: `models.retries`, else 2). */
  readonly retries?: number | undefined;
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
    .oneOf('approval', APPROVALS)
    .schema('input')
    .schema('output')
    .number('timeoutMs', { min: 1 })
    .number('retries', { min: 0, integer: true });
  return seal('agent', spec);
}
