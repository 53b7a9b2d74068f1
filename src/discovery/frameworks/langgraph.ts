import path from 'node:path';
import ts from '../typescript.cjs';
import { sha256 } from '../../core/hash.js';
import { collectReferences } from '../collect-references.js';
import type { DefinitionFact, InvalidRefFact, RefFact } from '../file-facts.js';
import { unwrap } from '../read-definition.js';
import { NOT_LITERAL, propertyKey, readLiteral } from '../read-literal.js';
import type { FrameworkAdapter, FrameworkCall, FrameworkContext, ObjectRoles } from './framework-adapter.js';

/** Graph builders: one flow per graph, whose nodes and edges are its body. */
const GRAPH_BUILDERS = new Set(['StateGraph', 'MessageGraph']);
/** Calls whose first argument is an agent's definition object, and how it is read. */
const AGENT_FACTORIES: Record<string, 'react' | 'agent' | 'deep'> = { createReactAgent: 'react', createAgent: 'agent', createDeepAgent: 'deep' };
/** Tool classes whose one argument is the tool's definition object. */
const TOOL_CLASSES = new Set(['DynamicStructuredTool', 'DynamicTool']);

/**
 * An entry of a tool list that is not a project definition ca follows: a package's tool
 * (`new TavilySearch({…})`) or a provider's server tool / bare schema (`{ type: 'web_search_preview' }`)
 * is recorded in the config fingerprint, with no warning.
 */
function toolEntry(expression: ts.Expression, c: FrameworkContext): RefFact | InvalidRefFact | undefined {
  if (ts.isObjectLiteralExpression(expression)) return hosted(expression, c);
  if (!ts.isNewExpression(expression) && !ts.isCallExpression(expression)) return undefined;
  if (c.frameworkCall(expression)?.node === expression) return undefined;
  return fromPackage(expression.expression, c) ? hosted(expression, c) : undefined;
}

const TOOL_LIST: ObjectRoles = { id: [], description: [], body: [], edges: {}, entry: toolEntry };

/** An agent's definition object: its model key and its behaviour keys differ by library. */
function agentRoles(model: string, body: string[]): ObjectRoles {
  return { id: ['name'], description: ['description'], body, edges: { tools: 'uses' }, model, entry: toolEntry };
}

const AGENT_ROLES: Record<'react' | 'agent' | 'deep', ObjectRoles> = {
  // @langchain/langgraph/prebuilt; `stateModifier` and `messageModifier` are the 0.2 names of `prompt`.
  react: agentRoles('llm', ['prompt', 'stateModifier', 'messageModifier']),
  // langchain 1.x.
  agent: agentRoles('model', ['systemPrompt', 'prompt']),
  // deepagents (a LangGraph agent harness); `instructions` is its 0.x name of `systemPrompt`.
  // Its subagents' prompts are its behaviour; the tools they list are reached through its code.
  deep: agentRoles('model', ['systemPrompt', 'instructions', 'subagents']),
};

const TOOL_ROLES: ObjectRoles = { id: ['name'], description: ['description'], body: ['func'], edges: {} };

/**
 * LangGraph.js (`@langchain/langgraph`, its prebuilt agents, and LangChain tools):
 * - `new StateGraph(…)` with its `.addNode`/`.addEdge`/… chained or in top-level statements, and
 *   `.compile()`: one flow, named by langgraph.json, else by its own name, else by the compiled
 *   graph's binding, else by the builder's. Its nodes and edges are its body; the node functions it reaches are its code,
 *   and every project definition that code reaches (tools through `ToolNode` and `bindTools`,
 *   agents and subgraphs added as nodes) is a uses-edge.
 * - `entrypoint(…, fn)` (the functional API): a flow, named the same way.
 * - `createReactAgent({ llm, tools, prompt })` (and langchain's `createAgent`, deepagents'
 *   `createDeepAgent`): an agent; tools are uses-edges.
 * - `tool(fn, { name, description, schema })`, `new DynamicStructuredTool({…})`, `new DynamicTool({…})`: tools.
 */
export const langgraph: FrameworkAdapter = {
  id: 'langgraph',
  packages: ['@langchain/langgraph', '@langchain/core/tools', 'langchain', 'deepagents'],
  definers: new Set([...GRAPH_BUILDERS, 'entrypoint', ...Object.keys(AGENT_FACTORIES), 'tool', ...TOOL_CLASSES]),
  definition(binding, anchor, call, c) {
    if (call.member !== undefined) return undefined;
    if (call.isNew && GRAPH_BUILDERS.has(call.callee)) return readGraph(binding, anchor, call, c);
    if (call.isNew && TOOL_CLASSES.has(call.callee)) {
      const object = objectArgument(call.args[0]);
      if (!object) return notLiteral(call, call.args[0], c);
      return named(c.readObject(object, { binding, anchor, node: anchor, kind: 'tool', term: `new ${call.callee}` }, TOOL_ROLES), binding, c);
    }
    if (call.isNew) return undefined;
    if (call.callee === 'tool') {
      // `tool(fn, { name, description, schema })`: the function is the body.
      const object = objectArgument(call.args[1]);
      if (!object || !call.args[0]) return notLiteral(call, call.args[1], c);
      const fact = c.readObject(object, { binding, anchor, node: anchor, kind: 'tool', term: 'tool' }, TOOL_ROLES);
      fact.bodyHash = sha256(`func=${c.normalized(call.args[0])}\n${fact.bodyHash}`);
      return named(fact, binding, c);
    }
    const factory = AGENT_FACTORIES[call.callee];
    if (factory) return readAgent(binding, anchor, call, factory, c);
    if (call.callee === 'entrypoint') return readEntrypoint(binding, anchor, call, c);
    return undefined;
  },
};

function readAgent(binding: string, anchor: ts.Node, call: FrameworkCall, factory: 'react' | 'agent' | 'deep', c: FrameworkContext): DefinitionFact | undefined {
  const object = objectArgument(call.args[0]);
  if (!object) return notLiteral(call, call.args[0], c);
  // `tools: new ToolNode([a, b])`: the tools are the ToolNode's.
  const tools = object.properties.find((p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && propertyKey(p.name) === 'tools');
  const toolNode = tools && toolNodeList(unwrap(tools.initializer), c);
  const roles = toolNode ? { ...AGENT_ROLES[factory], edges: {} } : AGENT_ROLES[factory];
  const fact = c.readObject(object, { binding, anchor, node: anchor, kind: 'agent', term: call.callee }, roles);
  if (toolNode) addUses(fact, c.edgeEntries(toolNode, TOOL_LIST, binding));
  if (factory === 'deep') fact.framework!.usesFromCode = true;
  return named(fact, binding, c);
}

/** `entrypoint('name' | { name, checkpointer }, async (input) => …)`: a flow whose body is the function. */
function readEntrypoint(binding: string, anchor: ts.Node, call: FrameworkCall, c: FrameworkContext): DefinitionFact | undefined {
  const [options, fn] = call.args;
  if (!options || !fn) return undefined;
  const fact = emptyFact(binding, anchor, anchor, 'entrypoint', c);
  const object = objectArgument(options);
  if (object) readOptions(object, fact, c);
  else {
    const name = readLiteral(unwrap(options), c.constValues);
    if (typeof name === 'string') fact.displayName = name;
    else fact.configExprs.name = c.normalized(options);
  }
  fact.bodyHash = sha256(`run=${c.normalized(fn)}`);
  return graphNamed(fact, binding, c);
}

/**
 * A graph: `new StateGraph(…).addNode(…)….compile()` in one expression, or a builder
 * (`const workflow = new StateGraph(…)…`) that top-level statements extend (`workflow.addNode(…)`)
 * and a top-level declaration compiles (`export const graph = workflow.compile()`): the flow is
 * the compiled graph, placed at the builder.
 */
function readGraph(binding: string, anchor: ts.Node, call: FrameworkCall, c: FrameworkContext): DefinitionFact {
  const compileAt = call.chain.findIndex((link) => link.method === 'compile');
  let compile = compileAt >= 0 ? call.chain[compileAt]!.node : undefined;
  let graphBinding = binding;
  let compiledAt: ts.Node | undefined;
  // What builds the graph, in source order: the builder up to `.compile()`, then statements on it.
  const built: ts.Node[] = [compile ? receiverOf(compile) : (call.chain.at(-1)?.node ?? call.node)];
  if (!compile && ts.isVariableDeclaration(anchor) && ts.isIdentifier(anchor.name)) {
    for (const statement of c.sf.statements) {
      if (ts.isExpressionStatement(statement) && rootName(statement.expression) === binding) built.push(statement);
      const compiled = compileDeclarations(statement).find((d) => rootName(d.call) === binding);
      if (compiled && !compile) {
        ({ call: compile, binding: graphBinding, node: compiledAt } = compiled);
        // `workflow.addEdge(…).compile()`: what is chained before `.compile()` builds it too.
        const receiver = receiverOf(compiled.call);
        if (!ts.isIdentifier(receiver)) built.push(receiver);
      }
    }
  }
  const fact = emptyFact(graphBinding, anchor, anchor, call.callee, c);
  fact.bodyHash = sha256(built.map((node) => `graph=${c.normalized(node)}`).join('\n'));
  const refs = new Set([anchor, ...built.slice(1), ...(compiledAt ? [compiledAt] : [])].flatMap((node) => collectReferences(node, c.moduleNames, c.namespaces)));
  refs.delete(binding);
  refs.delete(graphBinding);
  fact.refs = [...refs].sort();
  fact.endLine = Math.max(...[anchor, ...built, ...(compiledAt ? [compiledAt] : [])].map((node) => c.sf.getLineAndCharacterOfPosition(node.getEnd()).line + 1));
  const options = compile?.arguments[0];
  if (options) {
    const object = objectArgument(options);
    if (object) readOptions(object, fact, c);
    else fact.configExprs.compile = c.normalized(options);
  }
  // `graph.name = 'Trip Planner'` after compiling.
  for (const statement of c.sf.statements) {
    const name = ts.isExpressionStatement(statement) ? assignedName(statement.expression, graphBinding, c) : undefined;
    if (name !== undefined) fact.displayName = name;
  }
  for (const node of built) addUses(fact, graphEntries(node, graphBinding, c));
  return graphNamed(fact, graphBinding, c);
}

/**
 * Definitions a graph names in its own text (not inside its node functions, which its code covers):
 * the tools of `new ToolNode([…])` and `.bindTools([…])`, and agents or graphs written inline as a
 * node (`.addNode('research', createReactAgent({…}))`), read under `graph.<node>`.
 */
function graphEntries(root: ts.Node, owner: string, c: FrameworkContext): { refs: RefFact[]; invalid: InvalidRefFact[] } {
  const result: { refs: RefFact[]; invalid: InvalidRefFact[] } = { refs: [], invalid: [] };
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node)) return;
    if (ts.isNewExpression(node) || ts.isCallExpression(node)) {
      const list = toolNodeList(node, c) ?? bindToolsList(node);
      if (list) {
        const entries = c.edgeEntries(list, TOOL_LIST, `${owner}.tools`);
        result.refs.push(...entries.refs);
        result.invalid.push(...entries.invalid);
        return;
      }
      const added = addedNode(node);
      const inline = added && c.frameworkCall(added.value)?.node === unwrap(added.value) ? c.inline(added.value, owner, added.name) : undefined;
      if (inline) {
        result.refs.push(inline);
        visit(node.expression);
        return;
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(root);
  return result;
}

/** `new ToolNode(list)` of this framework: its list. */
function toolNodeList(node: ts.Node, c: FrameworkContext): ts.Expression | undefined {
  if (!ts.isNewExpression(node)) return undefined;
  const call = c.frameworkCall(node);
  return call?.node === node && call.callee === 'ToolNode' ? call.args[0] : undefined;
}

/** `model.bindTools(list)`: its list. */
function bindToolsList(node: ts.Node): ts.Expression | undefined {
  return ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'bindTools' ? node.arguments[0] : undefined;
}

/** `.addNode('name', value)`: the node's name and value. */
function addedNode(node: ts.Node): { name: string; value: ts.Expression } | undefined {
  if (!ts.isCallExpression(node) || !ts.isPropertyAccessExpression(node.expression) || node.expression.name.text !== 'addNode') return undefined;
  const [name, value] = node.arguments;
  return name && value && (ts.isStringLiteral(name) || ts.isNoSubstitutionTemplateLiteral(name)) ? { name: name.text, value } : undefined;
}

/** Top-level `const graph = workflow.compile(…)` (or `export default workflow.compile()`). */
function compileDeclarations(statement: ts.Statement): { binding: string; node: ts.Node; call: ts.CallExpression }[] {
  const found: { binding: string; node: ts.Node; call: ts.CallExpression }[] = [];
  const add = (binding: string, node: ts.Node, expression: ts.Expression | undefined): void => {
    const call = expression && compileCall(unwrap(expression));
    if (call) found.push({ binding, node, call });
  };
  if (ts.isVariableStatement(statement)) {
    for (const declaration of statement.declarationList.declarations) {
      if (ts.isIdentifier(declaration.name)) add(declaration.name.text, declaration, declaration.initializer);
    }
  } else if (ts.isExportAssignment(statement) && !statement.isExportEquals) {
    add('default', statement.expression, statement.expression);
  }
  return found;
}

/** The `.compile(…)` call of a chain (`x.compile()`, `x.addEdge(…).compile().withConfig(…)`). */
function compileCall(expression: ts.Expression): ts.CallExpression | undefined {
  let current = expression;
  while (ts.isCallExpression(current) && ts.isPropertyAccessExpression(current.expression)) {
    if (current.expression.name.text === 'compile') return current;
    current = unwrap(current.expression.expression);
  }
  return undefined;
}

function receiverOf(call: ts.CallExpression): ts.Expression {
  return ts.isPropertyAccessExpression(call.expression) ? unwrap(call.expression.expression) : call.expression;
}

/** The identifier a chain of method calls starts from (`workflow.addNode(…).addEdge(…)` → workflow). */
function rootName(expression: ts.Expression): string | undefined {
  let current = unwrap(expression);
  while (ts.isCallExpression(current) && ts.isPropertyAccessExpression(current.expression)) current = unwrap(current.expression.expression);
  return ts.isIdentifier(current) ? current.text : undefined;
}

/** `graph.name = 'Trip Planner'`: the literal name. */
function assignedName(expression: ts.Expression, binding: string, c: FrameworkContext): string | undefined {
  if (!ts.isBinaryExpression(expression) || expression.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return undefined;
  const left = expression.left;
  if (!ts.isPropertyAccessExpression(left) || left.name.text !== 'name' || !ts.isIdentifier(left.expression) || left.expression.text !== binding) return undefined;
  const value = readLiteral(unwrap(expression.right), c.constValues);
  return typeof value === 'string' ? value : undefined;
}

/** Options of `compile({…})` or `entrypoint({…}, fn)`: `name` is the display name, the rest config. */
function readOptions(object: ts.ObjectLiteralExpression, fact: DefinitionFact, c: FrameworkContext): void {
  for (const property of object.properties) {
    const key = ts.isPropertyAssignment(property) || ts.isShorthandPropertyAssignment(property) ? propertyKey(property.name) : undefined;
    if (key === undefined) {
      fact.configExprs['...'] = c.normalized(property);
      continue;
    }
    fact.properties.push(key);
    const value = ts.isPropertyAssignment(property) ? unwrap(property.initializer) : (property.name as ts.Identifier);
    const literal = readLiteral(value, c.constValues);
    if (key === 'name' && typeof literal === 'string') fact.displayName = literal;
    else if (literal !== NOT_LITERAL) fact.config[key] = literal;
    else fact.configExprs[key] = c.normalized(value);
  }
}

/** A definition fact with nothing read yet, by the shared reader (so every adapter's facts have one shape). */
function emptyFact(binding: string, anchor: ts.Node, node: ts.Node, term: string, c: FrameworkContext): DefinitionFact {
  const fact = c.readObject(ts.factory.createObjectLiteralExpression(), { binding, anchor, node, kind: 'flow', term }, TOOL_LIST);
  fact.framework!.usesFromCode = true;
  return fact;
}

/**
 * A graph's id: langgraph.json's (given when linking), else its own name (`compile({ name })`,
 * `graph.name = 'Trip Planner'`, `entrypoint('name', …)`), else its binding. Projects export many a
 * `graph`: the name, when there is one, keeps subgraphs of different files apart.
 */
function graphNamed(fact: DefinitionFact, binding: string, c: FrameworkContext): DefinitionFact {
  if (fact.displayName === undefined) return byBinding(fact, binding, c);
  fact.name = { kind: 'literal', value: fact.displayName };
  delete fact.displayName;
  return fact;
}

/** An agent or tool without a `name`: its binding stands in. */
function named(fact: DefinitionFact, binding: string, c: FrameworkContext): DefinitionFact {
  return fact.name.kind === 'dynamic' && fact.name.text === '' ? byBinding(fact, binding, c) : fact;
}

function byBinding(fact: DefinitionFact, binding: string, c: FrameworkContext): DefinitionFact {
  const id = bindingId(binding, c);
  if (id !== undefined) {
    fact.name = { kind: 'literal', value: id };
    fact.framework!.nameFromBinding = true;
  }
  return fact;
}

/**
 * The id a binding gives: itself; the file's name for a default export (its folder's for an
 * index file); `owner.node` for a definition written inline as a graph's node. An entry of a list
 * (`owner.tools.0`) has none.
 */
function bindingId(binding: string, c: FrameworkContext): string | undefined {
  const [first, ...rest] = binding.split('.');
  if (rest.length > 0 && /^\d+$/.test(rest.at(-1)!)) return undefined;
  if (first !== 'default') return binding;
  const parsed = path.posix.parse(c.sf.fileName);
  const stem = parsed.name === 'index' && parsed.dir !== '' ? path.posix.basename(parsed.dir) : parsed.name;
  return [stem, ...rest].join('.');
}

/** A definer whose options are not an object literal: said as such (rather than as not bound to a name). */
function notLiteral(call: FrameworkCall, options: ts.Expression | undefined, c: FrameworkContext): undefined {
  c.consume(call.node);
  c.addUnread({
    ...c.position(call.node),
    construct: `${call.isNew ? 'new ' : ''}${call.callee}`,
    reason: options ? `its options (${truncate(options.getText(c.sf))}) are not an object literal` : 'it has no options object',
  });
  return undefined;
}

function addUses(fact: DefinitionFact, entries: { refs: RefFact[]; invalid: InvalidRefFact[] }): void {
  if (entries.refs.length === 0 && entries.invalid.length === 0) return;
  fact.uses ??= { refs: [], invalid: [] };
  fact.uses.refs.push(...entries.refs);
  fact.uses.invalid.push(...entries.invalid);
}

function objectArgument(argument: ts.Expression | undefined): ts.ObjectLiteralExpression | undefined {
  const node = argument && unwrap(argument);
  return node && ts.isObjectLiteralExpression(node) ? node : undefined;
}

/** A callee imported from a package (not this project, not a local): `TavilySearch`, `community.Search`. */
function fromPackage(callee: ts.Expression, c: FrameworkContext): boolean {
  let root = callee;
  while (ts.isPropertyAccessExpression(root)) root = root.expression;
  return ts.isIdentifier(root) && c.moduleNames.has(root.text) && !c.refsByName.has(root.text) && !c.candidateImports.has(root.text);
}

function hosted(expression: ts.Expression, c: FrameworkContext): InvalidRefFact {
  return { ...c.position(expression), text: truncate(expression.getText(c.sf)), hosted: true };
}

function truncate(text: string): string {
  const line = text.replace(/\s+/g, ' ');
  return line.length > 60 ? `${line.slice(0, 57)}...` : line;
}
