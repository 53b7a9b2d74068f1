import { closest, distance } from 'fastest-levenshtein';
import type { NodeKind } from '../core/node.js';
// Types only, erased at build: lint never loads the SDK, but the list below must name exactly the
// fields of each factory's spec, and the compiler holds it to that (see `exactly`).
import type { AgentSpec } from '../sdk/agent.js';
import type { FlowSpec } from '../sdk/flow.js';
import type { ReasonerSpec } from '../sdk/reasoner.js';
import type { AgentSessionSpec, TurnSessionSpec } from '../sdk/session.js';
import type { ToolSpec } from '../sdk/tool.js';
import type { McpServerSpec, McpToolSpec } from '../sdk/mcp.js';
import type { CaNode } from '../core/node.js';

/** `list` typed as it is, accepted only when it names every key of `K` (and nothing else). */
const exactly =
  <K extends string>() =>
  <const L extends readonly K[]>(list: L & ([Exclude<K, L[number]>] extends [never] ? unknown : { missing: Exclude<K, L[number]> })): L =>
    list;

/**
 * The properties each factory of ca's SDK reads, in the order its spec type declares them. The
 * factories keep any other property on the definition and never read it: `ca run` ignores it.
 * A session takes either form (`agent`, or `init` and `turn` with `uses`).
 */
export const SDK_PROPERTIES: Readonly<Record<SdkFactory, readonly string[]>> = {
  tool: exactly<keyof ToolSpec<unknown, unknown, unknown, unknown>>()(['name', 'description', 'effect', 'idempotent', 'tags', 'meta', 'input', 'output', 'run']),
  reasoner: exactly<keyof ReasonerSpec<unknown, unknown>>()([
    'name', 'description', 'tags', 'meta', 'model', 'system', 'input', 'output', 'temperature', 'maxTokens', 'timeoutMs', 'retries',
  ]),
  flow: exactly<keyof FlowSpec<never, unknown, unknown, unknown, unknown>>()(['name', 'description', 'tags', 'meta', 'uses', 'input', 'output', 'run']),
  agent: exactly<keyof AgentSpec<unknown, unknown>>()([
    'name', 'description', 'tags', 'meta', 'model', 'instructions', 'uses', 'budget', 'approval', 'input', 'output', 'timeoutMs', 'retries',
  ]),
  session: exactly<keyof AgentSessionSpec | keyof TurnSessionSpec<unknown, never>>()(['name', 'description', 'tags', 'meta', 'agent', 'uses', 'init', 'turn']),
  mcp_server: exactly<keyof McpServerSpec>()(['name', 'description', 'tags', 'meta', 'command', 'args', 'env', 'cwd', 'url', 'headers']),
  mcpTool: exactly<keyof McpToolSpec>()(['name', 'server', 'tool', 'description', 'effect', 'idempotent', 'tags', 'meta']),
};

/** Which of the SDK's factories a node's spec is for: its kind, or `mcpTool` for a tool of an MCP server. */
export type SdkFactory = NodeKind | 'mcpTool';

export function factoryOf(node: Pick<CaNode, 'kind' | 'mcp'>): SdkFactory {
  return node.mcp ? 'mcpTool' : node.kind;
}

/** How a factory is called in messages: `mcpServer()` for the mcp_server kind, the kind's own name for the others. */
export function factoryName(factory: SdkFactory): string {
  return factory === 'mcp_server' ? 'mcpServer' : factory;
}

/**
 * Fields of other agent frameworks (OpenAI Agents JS, Mastra, the Vercel AI SDK, LangChain) and
 * the ca field that does their job, first match the kind has. A key not listed here gets the
 * closest known field, by spelling.
 */
const FOREIGN_FIELDS: Readonly<Record<string, readonly string[]>> = {
  id: ['name'],
  handoffDescription: ['description'],
  handoffs: ['uses'],
  tools: ['uses'],
  agents: ['uses'],
  workflows: ['uses'],
  subagents: ['uses'],
  execute: ['run'],
  handler: ['run'],
  invoke: ['run'],
  parameters: ['input'],
  inputSchema: ['input'],
  schema: ['input'],
  outputType: ['output'],
  outputSchema: ['output'],
  responseFormat: ['output'],
  prompt: ['instructions', 'system'],
  system: ['instructions'],
  systemPrompt: ['instructions', 'system'],
  instructions: ['system'],
  maxTurns: ['budget'],
  maxSteps: ['budget'],
  maxOutputTokens: ['maxTokens'],
  maxRetries: ['retries'],
  timeout: ['timeoutMs'],
  needsApproval: ['effect', 'approval'],
};

/** What to write instead, by ca field, when it is not just the field's name. */
const HOW: Readonly<Record<string, string | Partial<Record<NodeKind, string>>>> = {
  uses: 'list the tools, flows and agents it may call there; the runtime lets it call nothing else',
  run: { tool: 'run: async (input, ctx) => …', flow: 'run: async (ctx, input) => … (a flow gets ctx first)' },
  input: 'any Standard Schema: zod, valibot, arktype …',
  output: 'any Standard Schema: zod, valibot, arktype …',
  budget: 'budget: { maxRounds: 8 } stops the loop after 8 rounds',
  effect: "effect: 'dangerous' makes ca ask a person before the tool runs",
  approval: "approval: 'always' asks a person before every tool call the model chooses",
};

/** The ca field that does the job of `key` on a `kind`, when `key` is a known field of another framework. */
export function caFieldFor(kind: SdkFactory, key: string): string | undefined {
  const known = SDK_PROPERTIES[kind];
  return Object.hasOwn(FOREIGN_FIELDS, key) ? FOREIGN_FIELDS[key]!.find((field) => known.includes(field)) : undefined;
}

/** How to write `field` on a `kind`, when there is more to say than its name. */
export function howToWrite(kind: SdkFactory, field: string): string | undefined {
  const how = HOW[field];
  return typeof how === 'string' ? how : kind === 'mcpTool' ? undefined : how?.[kind];
}

/** A property of `kind` spelled like `key` (`desciption` → `description`), if one is close. */
export function closestProperty(kind: SdkFactory, key: string): string | undefined {
  const known = SDK_PROPERTIES[kind];
  const guess = closest(key, [...known]);
  const near = distance(key.toLowerCase(), guess.toLowerCase()) <= Math.max(1, Math.floor(key.length / 3));
  return near ? guess : undefined;
}
