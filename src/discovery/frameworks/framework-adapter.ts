import type ts from '../typescript.cjs';
import type { EdgeKind, FrameworkId, NodeKind } from '../../core/node.js';
import type { AttachmentFact, DefinitionFact, InvalidRefFact, RefFact, UnreadFact } from '../file-facts.js';
import type { DefinitionContext } from '../read-definition.js';

/**
 * A call of something a framework package exports, at the root of an expression:
 * `new Agent({…})`, `Agent.create({…})`, `tool({…})`, `createWorkflow({…}).then(a).commit()`,
 * `new ns.StateGraph(…)`. Chained method calls after the root are listed in `chain`.
 */
export interface FrameworkCall {
  /** The framework export it calls (`Agent`, `tool`, `createWorkflow`), whatever the local alias. */
  callee: string;
  /** The static member called on it (`Agent.create` → `create`). */
  member?: string;
  /** `new X(…)` rather than `X(…)`. */
  isNew: boolean;
  node: ts.CallExpression | ts.NewExpression;
  args: readonly ts.Expression[];
  /** Method calls chained on the root, in source order (`.then(step)`, `.addNode('a', fn)`, `.compile()`). */
  chain: ChainCall[];
}

export interface ChainCall {
  method: string;
  args: readonly ts.Expression[];
  node: ts.CallExpression;
}

/** How a framework's definition object is read: which keys are its id, behaviour and edges. */
export interface ObjectRoles {
  /** Keys whose literal value is the node's id, by preference (`['id', 'name']`). */
  id: readonly string[];
  /** Key whose literal is kept as the display name when the id comes from another key (Mastra's `name`). */
  display?: string;
  /** Keys whose literal is the description, by preference (OpenAI: `handoffDescription`). */
  description: readonly string[];
  /** Behaviour keys: the `body` fingerprint (any function-valued property is behaviour too). */
  body: readonly string[];
  /** Keys whose value lists other definitions: an array, an object literal of them, or a constant holding one. */
  edges: Readonly<Record<string, EdgeKind>>;
  /** Key holding the model: `'gpt-4o'`, `'openai/gpt-4o'` and `openai('gpt-4o')` are read as a literal. */
  model?: string;
  /**
   * Reads one entry of an edge list that is not a plain reference (`agent.asTool()`,
   * `handoff(agent)`, a hosted `webSearchTool()`); undefined when it is not one the adapter knows.
   */
  entry?(expression: ts.Expression, c: FrameworkContext): RefFact | InvalidRefFact | undefined;
}

/** What an adapter may use to read a file: the shared context and the readers every adapter needs. */
export interface FrameworkContext extends DefinitionContext {
  framework: FrameworkId;
  /** The framework call an expression is, when its root calls this framework's package. */
  frameworkCall(expression: ts.Expression): FrameworkCall | undefined;
  /** Reads an object literal into a definition fact, by the adapter's roles. */
  readObject(object: ts.ObjectLiteralExpression, site: DefinitionSite, roles: ObjectRoles): DefinitionFact;
  /** A reference (`x`, `ns.x`) as a RefFact. */
  ref(expression: ts.Expression): RefFact | undefined;
  /**
   * An inline definition (`tools: [tool({…})]`): read with the adapter under the binding
   * `owner.key`, added to the file's definitions, and returned as a reference to it.
   */
  inline(expression: ts.Expression, owner: string, key: string): RefFact | undefined;
  /**
   * The entries of an edge list given as an array, an object literal, or a reference to a constant
   * holding one; inline definitions among them are read under `owner.key`.
   */
  edgeEntries(value: ts.Expression, roles: ObjectRoles, owner: string): { refs: RefFact[]; invalid: InvalidRefFact[] };
  addAttachment(attachment: AttachmentFact): void;
  addUnread(unread: Omit<UnreadFact, 'framework'>): void;
  /** Marks a framework call as read, so it is not reported as a construct ca could not read. */
  consume(node: ts.Node): void;
}

/** Where a definition is bound: `export const triage = new Agent(…)` → binding `triage`, anchor the declaration. */
export interface DefinitionSite {
  binding: string;
  /** The declaration (its name's position is the node's line) or, for inline ones, the expression. */
  anchor: ts.Node;
  /** The node whose text is the definition (fingerprints, end line). */
  node: ts.Node;
  kind: NodeKind;
  term: string;
}

/**
 * One framework's discovery: recognised by an import of one of its packages, it reads the
 * framework's definitions into the same facts ca's own SDK produces, so linking, the graph,
 * selection, lint, state and deploy treat them alike. Adding a framework: a module beside this
 * one and a line in the registry (index.ts).
 */
export interface FrameworkAdapter {
  /** Its title and runner for people are in core/frameworks.ts (the reporters need them without discovery). */
  id: FrameworkId;
  /** npm packages whose import marks a file as using it (subpaths included: `@mastra/core/agent`). */
  packages: readonly string[];
  /** Exports whose calls define something: a call of one ca cannot read is reported (`unread`). */
  definers: ReadonlySet<string>;
  /** A top-level `const x = <framework call>` (or `export default <call>`): a definition, or undefined. */
  definition(binding: string, anchor: ts.Node, call: FrameworkCall, c: FrameworkContext): DefinitionFact | undefined;
  /** A top-level expression statement (`faqAgent.handoffs = […]`, `workflow.then(step).commit()`). */
  statement?(statement: ts.ExpressionStatement, c: FrameworkContext): void;
  /**
   * `statement` also reads files that do not import the framework: a wiring file that imports only
   * the project's agents and adds edges to them (`faqAgent.handoffs = [triageAgent]`).
   */
  statementsAnywhere?: true;
  /** A top-level function (`async function main() { await generateText({…}) }`): a definition, or undefined. */
  functionDefinition?(binding: string, anchor: ts.Node, fn: ts.FunctionLikeDeclaration, c: FrameworkContext): DefinitionFact | undefined;
  /**
   * The file's own top-level code, read once after its declarations and statements: a script's
   * top-level `await generateText({…})` or `run(async () => {…})`, constants holding inline
   * definitions (`const tools = { weather: tool({…}) }`, read with `c.inline`). A definition, or undefined.
   */
  script?(c: FrameworkContext): DefinitionFact | undefined;
}
