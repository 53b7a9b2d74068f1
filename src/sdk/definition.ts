import type { Ctx, SessionCtx } from './ctx.js';
import type { Kind } from './kind.js';
import type { StandardSchemaV1 } from './standard-schema.js';

/** How much a tool can change the world; `ca lint` and approval policies read it. */
export type Effect = 'read' | 'write' | 'dangerous';

/** The accepted effects. A tool without `effect` is treated as `'write'`. */
export const EFFECTS = Object.freeze(['read', 'write', 'dangerous'] as const satisfies readonly Effect[]);

/** A model as `provider:model`, e.g. `'openai:gpt-4o-mini'` or `'fake:echo'`. */
export type ModelId = `${string}:${string}`;

/** Limits for an agent's run; the runtime stops before the step that would exceed one. */
export interface Budget {
  /** Controller rounds (one model call and the tool calls it asks for). */
  readonly maxRounds?: number | undefined;
  /** Spend in US dollars, from the provider's token prices. */
  readonly maxUsd?: number | undefined;
  /** Input plus output tokens over the whole run. */
  readonly maxTokens?: number | undefined;
}

export type Awaitable<T> = T | Promise<T>;

/** When an agent must ask a person before a tool call the model chose. */
export type Approval = 'dangerous' | 'always' | 'never';

export const APPROVALS = Object.freeze(['dangerous', 'always', 'never'] as const satisfies readonly Approval[]);

/** A JSON-like literal, so static discovery can read metadata without running code. */
export type MetaValue = string | number | boolean | null | readonly MetaValue[] | { readonly [key: string]: MetaValue };

interface DefinitionBase<K extends Kind> {
  /** Which factory made it; discriminates the `Definition` union. */
  readonly kind: K;
  /** The node's global id in the project graph; unique across the project. */
  readonly name: string;
  /** One line for `ca ls`, `ca show`, and the model when the definition is offered as a tool. */
  readonly description?: string | undefined;
  /** Labels for `tag:` selectors. */
  readonly tags?: readonly string[] | undefined;
  /** Your own literal metadata (owner, regions, tier…): selectable as `config.meta.<key>:value`. */
  readonly meta?: Readonly<Record<string, MetaValue>> | undefined;
}

// `I` is what callers pass and `O` what they get back. Both are also declared on the optional
// `input` / `output` fields, present or not, which is where `InputOf` / `OutputOf` read them.

/** A leaf capability: plain code, callable by flows, agents and sessions. */
export interface ToolDefinition<I = any, O = any> extends DefinitionBase<'tool'> {
  /** Absent means `'write'`. */
  readonly effect?: Effect | undefined;
  /** Safe to retry: a second call with the same input changes nothing more. */
  readonly idempotent?: boolean | undefined;
  /** Validates the input before `run` sees it. */
  readonly input?: StandardSchemaV1<I, unknown> | undefined;
  /** Validates what `run` returns before the caller sees it. */
  readonly output?: StandardSchemaV1<unknown, O> | undefined;
  /** Receives the input after validation; tools use no other definitions, so `ctx` can call none. */
  readonly run: (input: I, ctx: Ctx<never>) => Awaitable<O>;
}

/** One model call with a fixed system prompt; `ctx.think` asks it. */
export interface ReasonerDefinition<I = any, O = any> extends DefinitionBase<'reasoner'> {
  readonly model: ModelId;
  readonly system?: string | undefined;
  /** Validates the input, which the runtime renders into the user message. */
  readonly input?: StandardSchemaV1<I, unknown> | undefined;
  /** Structured output; without it the reasoner answers with text. */
  readonly output?: StandardSchemaV1<unknown, O> | undefined;
  readonly temperature?: number | undefined;
  /** Cap on output tokens for the call. */
  readonly maxTokens?: number | undefined;
  /** Give up on a model call after this many milliseconds (default: `models.timeoutMs` in ca.yaml, else 60 s). */
  readonly timeoutMs?: number | undefined;
  /** Further attempts after a 429, a 5xx, a connection error or a timeout (default: `models.retries`, else 2). */
  readonly retries?: number | undefined;
}

/** Deterministic orchestration: code that calls what it `uses`. */
export interface FlowDefinition<I = any, O = any> extends DefinitionBase<'flow'> {
  /** The graph's edges and the run-time grant: `ctx` can call exactly these. */
  readonly uses?: readonly Definition[] | undefined;
  readonly input?: StandardSchemaV1<I, unknown> | undefined;
  readonly output?: StandardSchemaV1<unknown, O> | undefined;
  readonly run: (ctx: Ctx, input: I) => Awaitable<O>;
}

/** A model-driven loop that may call the tools, flows and agents it `uses`. */
export interface AgentDefinition<I = any, O = any> extends DefinitionBase<'agent'> {
  readonly model: ModelId;
  /** The system prompt of the controller. */
  readonly instructions: string;
  /** What the controller may call: the graph's edges and the run-time grant. */
  readonly uses?: readonly Definition[] | undefined;
  readonly budget?: Budget | undefined;
  /**
   * Which tool calls chosen by the model need a person's approval first: 'dangerous' (tools with
   * effect 'dangerous'), 'always' or 'never'. Absent means 'dangerous' for the runtime; `ca lint`
   * still asks for it to be written down when a dangerous tool is in reach.
   */
  readonly approval?: Approval | undefined;
  /** Without it the agent takes a message string. */
  readonly input?: StandardSchemaV1<I, unknown> | undefined;
  /** Without it the agent answers with text. */
  readonly output?: StandardSchemaV1<unknown, O> | undefined;
  /** Give up on one round's model call after this many milliseconds (default: `models.timeoutMs`, else 60 s). */
  readonly timeoutMs?: number | undefined;
  /** Further attempts of a round's model call after a 429, a 5xx, a connection error or a timeout (default: `models.retries`, else 2). */
  readonly retries?: number | undefined;
}

/** What one session turn produces. */
export interface TurnResult<S> {
  readonly state: S;
  readonly reply: string;
}

/** A session that keeps the conversation for an agent. */
export interface AgentSessionDefinition extends DefinitionBase<'session'> {
  /** Takes each message as its input, so it must accept a string. */
  readonly agent: AgentDefinition<string, any>;
}

/** A session with its own state type `S`, threaded through `turn`. */
export interface TurnSessionDefinition<S = any> extends DefinitionBase<'session'> {
  /** The grant for `ctx.call` / `ctx.think` inside `turn`. */
  readonly uses?: readonly Definition[] | undefined;
  /** The state of a fresh session; it is stored as JSON, so keep it serialisable. */
  readonly init: () => S;
  readonly turn: (ctx: SessionCtx, state: S, message: string) => Awaitable<TurnResult<S>>;
}

/** Either session form; `'agent' in session` tells them apart. */
export type SessionDefinition<S = any> = TurnSessionDefinition<S> | AgentSessionDefinition;

/**
 * A Model Context Protocol server (SPEC §12): a command ca starts over stdio, or a streamable HTTP
 * URL. ca starts it only to run one of its tools (`ca run`, `chat`) or to lock their contracts
 * (`ca mcp lock`); the static verbs read it and never start it. In `args`, `env`, `headers` and
 * `url`, `${NAME}` stands for the environment variable NAME: write secrets that way, never as values.
 */
export interface McpServerDefinition extends DefinitionBase<'mcp_server'> {
  /** The program of a stdio server; a relative path (`./bin/server`) is from the project folder. */
  readonly command?: string | undefined;
  readonly args?: readonly string[] | undefined;
  /** Variables the server gets besides a safe few of ca's own (HOME, PATH, SHELL, TERM, USER, LOGNAME). */
  readonly env?: Readonly<Record<string, string>> | undefined;
  /** Where a stdio server runs; default the project folder, so relative paths in `args` are from there. */
  readonly cwd?: string | undefined;
  /** The endpoint of a streamable HTTP server. */
  readonly url?: string | undefined;
  /** Sent with every request to `url`. */
  readonly headers?: Readonly<Record<string, string>> | undefined;
}

/**
 * One tool of an MCP server, as a tool node: flows call it with `ctx.call`, agents offer it to
 * their model. Its contract (input schema, description) is what `ca mcp lock` froze in
 * ca.mcp.lock. `I` / `O` type the input and output for your code; ca validates against the lock.
 */
export interface McpToolDefinition<I = Record<string, unknown>, O = unknown> extends DefinitionBase<'tool'> {
  readonly server: McpServerDefinition;
  /** The tool's name on the server. */
  readonly tool: string;
  /** Declared by you: the server's `readOnlyHint` is never trusted. Absent means `'write'`. */
  readonly effect?: Effect | undefined;
  readonly idempotent?: boolean | undefined;
  /** Never set: declares `I` for `InputOf`. */
  readonly input?: StandardSchemaV1<I, unknown> | undefined;
  /** Never set: declares `O` for `OutputOf`. */
  readonly output?: StandardSchemaV1<unknown, O> | undefined;
}

/** Anything a factory returns; narrow on `kind`. */
export type Definition =
  | ToolDefinition
  | McpToolDefinition
  | McpServerDefinition
  | ReasonerDefinition
  | FlowDefinition
  | AgentDefinition
  | SessionDefinition;
