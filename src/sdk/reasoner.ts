import { seal } from './define.js';
import type { MetaValue, ModelId, ReasonerDefinition } from './definition.js';
import type { SchemaInput, SchemaOutput, StandardSchemaV1 } from './schema.js';
import { SpecCheck } from './validate.js';

/** What `reasoner()` takes; `IS` / `OS` are the input and output schemas (or `undefined`). */
export interface ReasonerSpec<IS, OS> {
  readonly name: string;
  readonly description?: string | undefined;
  readonly tags?: readonly string[] | undefined;
  /** Your own literal metadata (owner, regions, tier…): selectable as `config.meta.<key>:value`. */
  readonly meta?: Readonly<Record<string, MetaValue>> | undefined;
  readonly model: ModelId;
  readonly system?: string | undefined;
  /** Without it the reasoner accepts any JSON-serialisable input. */
  readonly input?: IS;
  /** Without it the reasoner answers with a string. */
  readonly output?: OS;
  readonly temperature?: number | undefined;
  readonly maxTokens?: number | undefined;
  /** Give up on a model call after this many milliseconds (default: `models.timeoutMs` in ca.yaml, else 60 s). */
  readonly timeoutMs?: number | undefined;
  /** Further attempts after a 429, a 5xx, a connection error or a timeout (default: `models.retries`, else 2). */
  readonly retries?: number | undefined;
}

/** Defines a reasoner: one model call with a fixed system prompt, asked through `ctx.think`. */
export function reasoner<
  IS extends StandardSchemaV1 | undefined = undefined,
  OS extends StandardSchemaV1 | undefined = undefined,
>(spec: ReasonerSpec<IS, OS>): ReasonerDefinition<SchemaInput<IS, unknown>, SchemaOutput<OS, string>> {
  SpecCheck.of('reasoner', spec)
    .model()
    .string('system')
    .schema('input')
    .schema('output')
    .number('temperature', { min: 0 })
    .number('maxTokens', { min: 1, integer: true })
    .number('timeoutMs', { min: 1 })
    .number('retries', { min: 0, integer: true });
  return seal('reasoner', spec);
}
