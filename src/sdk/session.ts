import type { SessionCtx } from './ctx.js';
import { isDefinition, seal } from './define.js';
import type {
  AgentDefinition,
  AgentSessionDefinition,
  Awaitable,
  Definition,
  TurnResult,
  TurnSessionDefinition,
  MetaValue,
} from './definition.js';
import { SpecCheck, show } from './validate.js';

/** What `session()` takes for a session that keeps the conversation for an agent. */
export interface AgentSessionSpec {
  readonly name: string;
  readonly description?: string | undefined;
  readonly tags?: readonly string[] | undefined;
  /** Your own literal metadata (owner, regions, tier…): selectable as `config.meta.<key>:value`. */
  readonly meta?: Readonly<Record<string, MetaValue>> | undefined;
  /** Answers every message; it must take a string input. */
  readonly agent: AgentDefinition<string, any>;
}

/** What `session()` takes for the general form; `S` is the state, inferred from `init`. */
export interface TurnSessionSpec<S, U extends Definition> {
  readonly name: string;
  readonly description?: string | undefined;
  readonly tags?: readonly string[] | undefined;
  /** Your own literal metadata (owner, regions, tier…): selectable as `config.meta.<key>:value`. */
  readonly meta?: Readonly<Record<string, MetaValue>> | undefined;
  /** Graph edges and the run-time grant for `ctx` inside `turn`. */
  readonly uses?: readonly U[] | undefined;
  /** The state of a new session; stored as JSON, so keep it serialisable. */
  readonly init: () => S;
  /** One message in, the next state and a reply out. */
  readonly turn: (ctx: SessionCtx<U>, state: NoInfer<S>, message: string) => Awaitable<TurnResult<NoInfer<S>>>;
}

/** Defines a session that keeps the conversation for `agent`. */
export function session(spec: AgentSessionSpec): AgentSessionDefinition;
/** Defines a session whose state (from `init`) `turn` threads from one message to the next. */
export function session<S, U extends Definition = never>(spec: TurnSessionSpec<S, U>): TurnSessionDefinition<S>;
export function session(spec: AgentSessionSpec | TurnSessionSpec<unknown, Definition>): AgentSessionDefinition | TurnSessionDefinition {
  const check = SpecCheck.of('session', spec);
  const hasTurnForm = check.has('init') || check.has('turn') || check.has('uses');
  if (check.has('agent')) {
    if (hasTurnForm) check.fail('agent', 'give either agent, or init and turn (with uses), not both');
    const { agent } = spec as AgentSessionSpec;
    if (!isDefinition(agent) || agent.kind !== 'agent') {
      check.fail('agent', `agent must be an agent definition, got ${show(agent)}`);
    }
    return seal('session', spec);
  }
  if (!hasTurnForm) check.fail('agent', 'needs either agent, or init and turn');
  check.function('init').function('turn').uses();
  return seal('session', spec);
}

