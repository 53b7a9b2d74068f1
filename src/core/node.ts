/** The kinds of definition ca discovers; an `mcp_server` is a Model Context Protocol server whose tools are tool nodes (SPEC §12). */
export const NODE_KINDS = ['tool', 'reasoner', 'flow', 'agent', 'session', 'mcp_server'] as const;
export type NodeKind = (typeof NODE_KINDS)[number];

/** Kinds that `ca deploy` publishes; tools and reasoners ship inside them. */
export const DEPLOYABLE_KINDS: readonly NodeKind[] = ['flow', 'agent', 'session'];

/** What `ca deploy` publishes and `ca status` checks: a flow, agent or session of the project (a registry dependency's never). */
export function isDeployable(node: Pick<CaNode, 'kind' | 'package'>): boolean {
  return DEPLOYABLE_KINDS.includes(node.kind) && node.package?.external !== true;
}

/**
 * Agent frameworks whose definitions discovery reads besides ca's own SDK (SPEC §11). A node
 * without a `framework` is written with ca's SDK, the only kind `ca run`, `chat` and `test` run.
 */
export const FRAMEWORKS = ['openai', 'mastra', 'ai-sdk', 'langgraph'] as const;
export type FrameworkId = (typeof FRAMEWORKS)[number];
/** What `framework:` selects: a framework, or `ca` for the nodes of ca's own SDK. */
export const FRAMEWORK_NAMES = ['ca', ...FRAMEWORKS] as const;

/** How one node depends on another: `uses` (calls it) or `handoff` (an agent passes the conversation to it). */
export type EdgeKind = 'uses' | 'handoff';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * Content fingerprints of one node (sha256, hex). See SPEC §2.
 * - body: behaviour text (run/turn/init functions, instructions, system prompt), whitespace and comments ignored;
 * - config: every other property (tags, description, uses, literal settings, schema expressions), canonicalised;
 * - code: the helper declarations the definition reaches that are not nodes themselves, transitively;
 * - self: body + config + code.
 */
export interface Fingerprints {
  body: string;
  config: string;
  code: string;
  self: string;
}

export interface SourceLocation {
  /** Project-relative path with forward slashes. */
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
}

/** The workspace package, or the registry dependency, a node is defined in (SPEC §2). */
export interface NodePackage {
  /** package.json `name` (its folder, when it has none). */
  name: string;
  /** Project-relative folder with forward slashes; '.' for the project's own package.json. */
  folder: string;
  /** package.json `version`, when it has one (a registry dependency always does). */
  version?: string;
  /** Installed from a registry (node_modules): selectable and usable in `uses`, never deployed, linted or run by a static verb. */
  external?: true;
}

/** One discovered definition: plain, serialisable data (it goes into the manifest as is). */
export interface CaNode extends SourceLocation {
  /**
   * The global id: the definition's `name` property, qualified by its package (`support/triage`)
   * when packages of one workspace define the same name.
   */
  name: string;
  /** The name the definition itself carries, when `name` is package-qualified (`support/triage` → `triage`). */
  localName?: string;
  /** The package the node is defined in; absent when the project has no package.json with a name. */
  package?: NodePackage;
  kind: NodeKind;
  tags: string[];
  description?: string;
  /** Last line of the definition, for showing its source. */
  endLine: number;
  /** The binding that holds the definition in its file (`export const triage = flow(...)` → "triage"; "default"). */
  exportName: string;
  /** Names of the nodes this one uses (its parents in the graph), resolved; unresolved entries are diagnostics. */
  uses: string[];
  /** Agents this one hands off to (edge kind `handoff`), resolved; absent when none. A loop of handoffs is normal. */
  handoffs?: string[];
  /** The framework the definition is written with; absent for ca's own SDK. */
  framework?: FrameworkId;
  /** The framework's own term for what defines it (`new Agent`, `createWorkflow`, `StateGraph`). */
  frameworkKind?: string;
  /** The name as written when it is not a valid id ("FAQ Agent" → name `faq_agent`), for output. */
  displayName?: string;
  /** Literal properties that are not name, tags, description, uses, agent or behaviour. */
  config: Record<string, JsonValue>;
  fingerprints: Fingerprints;
  /** Helper declarations reached by the definition ("file#name"), the inputs of the code fingerprint. */
  helpers: string[];
  /** Calls the behaviour makes on its context (`ctx.call`, `ctx.think`, `ctx.approve`…), in source order. */
  calls: NodeCall[];
  /** Every property the definition object writes (`name`, `run`, `agent`, `budget`…), for lint rules. */
  properties: string[];
  /** Prompts written as literals (`instructions`, `system`), as written. */
  prompts: Record<string, string>;
  /** A tool of an MCP server (`mcpTool`): which one, and what ca.mcp.lock says of it. */
  mcp?: McpToolRef;
}

/**
 * Where an MCP tool's contract stands in ca.mcp.lock: `locked` (its hash is part of the tool's
 * config fingerprint), `missing` (the lock has no such server or tool), `stale` (the server's
 * command, args, url, env or headers changed since it was locked), `no-lock` (no ca.mcp.lock),
 * `unreadable` (ca.mcp.lock does not parse).
 */
export type McpLockState = 'locked' | 'missing' | 'stale' | 'no-lock' | 'unreadable';

export interface McpToolRef {
  /** The mcp_server node; absent when the `server` written is not one (an unresolved-use error). */
  server?: string;
  /** The tool's name on the server ('' when it is not a literal). */
  tool: string;
  lock: McpLockState;
  /** With lock `missing`: whether ca.mcp.lock lacks the whole server, or has the server but not this tool. */
  missing?: 'server' | 'tool';
  /** The locked contract's hash, when the lock has the tool. */
  hash?: string;
  /** The server's description of the tool, as locked: what a model is offered when the mcpTool has none of its own. */
  description?: string;
}

export interface NodeCall {
  /** call, think, approve, map, parallel… */
  method: string;
  /** The node named by the first argument, when it resolves to one. */
  target?: string;
  /** The first argument's source text, when it is a reference. */
  targetText?: string;
  line: number;
  column: number;
}
