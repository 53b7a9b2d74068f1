import type { EdgeKind, FrameworkId, JsonValue, NodeKind } from '../core/node.js';
import type { LintDirective } from '../core/project-scan.js';

/**
 * What one source file says, read syntactically and on its own: no other file is needed to
 * produce it, so it is cached by the file's content hash. Linking across files happens later, in
 * memory (link-project.ts).
 */
export interface FileFacts {
  /** Project-relative path, forward slashes. */
  file: string;
  parseErrors: ParseError[];
  imports: ImportFact[];
  exports: ExportFact[];
  declarations: DeclarationFact[];
  definitions: DefinitionFact[];
  /** Edges added to a definition after it is made (`faqAgent.handoffs = [triage]`, `wf.then(step)`). */
  attachments: AttachmentFact[];
  /** Framework constructs ca saw but cannot read statically (built in a function, a loop, a spread). */
  unread: UnreadFact[];
  lintDirectives: LintDirective[];
}

export interface Position {
  line: number;
  column: number;
}

export interface ParseError extends Position {
  message: string;
}

/** `import { a as b } from 'm'` → { local: 'b', imported: 'a', module: 'm' }. */
export interface ImportFact {
  local: string;
  /** The exported name, or '*' for a namespace import, 'default' for a default import. */
  imported: string;
  module: string;
}

/**
 * One exported name.
 * - `export const x` / `export { a as x }`: { exported: 'x', local: 'a' };
 * - `export { a as x } from 'm'`: { exported: 'x', imported: 'a', module: 'm' } ('*' for `export * as x`);
 * - `export * from 'm'`: { exported: '*', module: 'm' }.
 */
export interface ExportFact {
  exported: string;
  local?: string;
  imported?: string;
  module?: string;
}

/** A top-level value declaration: the unit of the `code` fingerprint. */
export interface DeclarationFact {
  name: string;
  line: number;
  /** sha256 of the declaration's normalised tokens (whitespace, comments and `export` ignored). */
  hash: string;
  /** Module-level names (or `ns.member` pairs) the declaration refers to. */
  refs: string[];
  /** The value of `const X = <literal>`, for names, tags and config given by a constant. */
  constValue?: JsonValue;
}

/** A reference to another definition or constant: an identifier, or a member of a namespace import. */
export interface RefFact extends Position {
  name: string;
  member?: string;
  /** Source text, for messages. */
  text: string;
  /** `name` is the binding of a definition written inline in this file (`tools: [tool({…})]`), not a module name. */
  inline?: true;
}

/** A `uses` entry that is not a reference ca can follow (a call, a spread, a literal). */
export interface InvalidRefFact extends Position {
  text: string;
  /** A framework's hosted tool (`webSearchTool()`): nothing to follow, nothing to warn about. */
  hosted?: true;
}

/** Edges a top-level statement adds to a definition made elsewhere: `faqAgent.handoffs = [triageAgent]`. */
export interface AttachmentFact extends Position {
  framework: FrameworkId;
  /** The definition the statement changes. */
  target: RefFact;
  edge: EdgeKind;
  refs: RefFact[];
  invalid: InvalidRefFact[];
}

/** A framework construct ca saw and cannot read without running code: a warning with its place. */
export interface UnreadFact extends Position {
  framework: FrameworkId;
  /** What it is, in the framework's words (`new Agent`). */
  construct: string;
  /** Why it cannot be read (`it is built inside function makeAgent`). */
  reason: string;
}

export type NameFact =
  | { kind: 'literal'; value: string }
  | { kind: 'ref'; ref: RefFact }
  | { kind: 'dynamic'; text: string };

/** A call on the run function's context (`ctx.call(x, …)`), for lint rules. */
export interface CtxCallFact extends Position {
  /** The behaviour property it sits in (run, turn). */
  function: string;
  /** Which parameter is the receiver: tools take (input, ctx), everything else (ctx, …). */
  parameter: number;
  method: string;
  target?: RefFact;
}

export interface DynamicPropertyFact extends Position {
  property: string;
  text: string;
}

/**
 * A top-level call `X({ … })` whose callee comes from an import that may be the SDK. Whether it
 * really is a definition is decided when linking, by following the callee to `composable-agents`.
 */
export interface DefinitionFact extends Position {
  /** The binding holding it: the variable name, or 'default'; `owner.key` for a definition written inline in another. */
  binding: string;
  /** Set for a definition of another framework: decided when the file is read (its import names the framework's package). */
  framework?: FrameworkDefinition;
  /** The name as written when a separate display name exists (Mastra's `name` beside its `id`). */
  displayName?: string;
  /** Agents it hands off to (framework agents). */
  handoffs?: { refs: RefFact[]; invalid: InvalidRefFact[] };
  /** Why ca cannot read this call (its argument is not an object literal): reported if the callee is the SDK. */
  invalid?: string;
  endLine: number;
  /** The callee: an imported identifier, or `ns.member` of a namespace import. */
  factory: { name: string; member?: string };
  name: NameFact;
  tags: string[];
  description?: string;
  uses?: { refs: RefFact[]; invalid: InvalidRefFact[] };
  agent?: RefFact;
  /** The `server` of an `mcpTool`: the mcp_server it is a tool of. */
  server?: RefFact;
  /** Literal properties (the node's config). */
  config: Record<string, JsonValue>;
  /** Non-literal, non-behaviour properties (schemas, computed values) by normalised text: part of the config fingerprint. */
  configExprs: Record<string, string>;
  /** sha256 of the behaviour properties (run, turn, init, instructions, system, any function) normalised. */
  bodyHash: string;
  /** Module-level names the whole definition refers to. */
  refs: string[];
  ctxCalls: CtxCallFact[];
  dynamicProperties: DynamicPropertyFact[];
  /** Properties given by a constant of another module, resolved when linking. */
  constantRefs: (RefFact & { property: string })[];
  /** Every property name the object writes. */
  properties: string[];
  /** Literal prompts (instructions, system), as written. */
  prompts: Record<string, string>;
}

/** What a framework adapter decided about a definition. */
export interface FrameworkDefinition {
  id: FrameworkId;
  kind: NodeKind;
  /** The framework's own term (`new Agent`, `createTool`, `StateGraph`). */
  term: string;
  /** Its id was not written: the binding (or the key it is registered under) stands in. */
  nameFromBinding?: true;
  /**
   * The nodes its code reaches count as uses too (LangGraph graphs reach tools through `ToolNode`
   * and `bindTools`; AI SDK functions pass tools to `generateText`).
   */
  usesFromCode?: true;
}
