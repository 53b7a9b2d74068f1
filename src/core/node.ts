/** The five kinds of definition ca discovers. */
export const NODE_KINDS = ['tool', 'reasoner', 'flow', 'agent', 'session'] as const;
export type NodeKind = (typeof NODE_KINDS)[number];

/** Kinds that `ca deploy` publishes; tools and reasoners ship inside them. */
export const DEPLOYABLE_KINDS: readonly NodeKind[] = ['flow', 'agent', 'session'];

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

/** One discovered definition: plain, serialisable data (it goes into the manifest as is). */
export interface CaNode extends SourceLocation {
  /** The global id: the definition's `name` property. */
  name: string;
  kind: NodeKind;
  tags: string[];
  description?: string;
  /** Last line of the definition, for showing its source. */
  endLine: number;
  /** The binding that holds the definition in its file (`export const triage = flow(...)` → "triage"; "default"). */
  exportName: string;
  /** Names of the nodes this one uses (its parents in the graph), resolved; unresolved entries are diagnostics. */
  uses: string[];
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
