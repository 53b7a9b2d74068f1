import ts from '../typescript.cjs';
import { sha256 } from '../../core/hash.js';
import type { JsonValue, NodeKind } from '../../core/node.js';
import { collectReferences } from '../collect-references.js';
import type { DefinitionFact, InvalidRefFact, RefFact } from '../file-facts.js';
import { unwrap } from '../read-definition.js';
import { propertyKey, readLiteral } from '../read-literal.js';
import type { FrameworkAdapter, FrameworkCall, FrameworkContext, ObjectRoles } from './framework-adapter.js';
import { readModel } from './read-model.js';

/** The calls that ask the model: a function making one is a node. */
const MODEL_CALLS = new Set(['generateText', 'streamText', 'generateObject', 'streamObject']);
/** `ToolLoopAgent` (AI SDK 6), `Experimental_Agent` (5, and 6's deprecated alias), `Agent`. */
const AGENTS = new Set(['ToolLoopAgent', 'Experimental_Agent', 'Agent']);
const TOOLS = new Set(['tool', 'dynamicTool']);
/** Function names that say nothing about what the function does: their node is named after the file. */
const FILE_NAMED = new Set(['main', 'handler', 'default', 'GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);
/** The binding of a file's top-level code (not a name any module can declare). */
const SCRIPT = '(script)';

/**
 * Tools that are no definition of the project, kept in the config fingerprint without a warning:
 * provider tools (`openai.tools.webSearch({…})`, `azure.tools.imageGeneration()`), run by the
 * provider, and tools written as a plain object (`cityAttractions: { inputSchema }`, no `tool()`).
 */
function toolEntry(expression: ts.Expression, c: FrameworkContext): InvalidRefFact | undefined {
  if (ts.isObjectLiteralExpression(expression)) return { ...c.position(expression), text: c.normalized(expression), hosted: true };
  if (!ts.isCallExpression(expression)) return undefined;
  const callee = expression.expression;
  if (!ts.isPropertyAccessExpression(callee) || !ts.isPropertyAccessExpression(callee.expression)) return undefined;
  if (callee.expression.name.text !== 'tools') return undefined;
  return { ...c.position(expression), text: callee.getText(c.sf), hosted: true };
}

const TOOL_ROLES: ObjectRoles = {
  id: [],
  description: ['description'],
  body: ['execute'],
  edges: {},
};

const AGENT_ROLES: ObjectRoles = {
  id: ['id', 'name'],
  display: 'name',
  description: ['description'],
  body: ['instructions', 'system', 'prepareStep', 'prepareCall'],
  edges: { tools: 'uses' },
  model: 'model',
  entry: toolEntry,
};

/** The options of `generateText({…})` and its siblings. */
const CALL_ROLES: ObjectRoles = {
  id: [],
  description: [],
  body: ['system', 'prompt', 'messages'],
  edges: { tools: 'uses' },
  model: 'model',
  entry: toolEntry,
};

/** Code that calls the model: a top-level function, or the file's top-level statements. */
interface Unit {
  binding: string;
  /** Where the node is (its line): the declaration, or the first statement of the script. */
  anchor: ts.Node;
  /** Its last node (the end line). */
  end: ts.Node;
  /** The code that is its `body` fingerprint: the function, or the file's top-level code. */
  body: ts.Node[];
  fn?: ts.FunctionLikeDeclaration;
  /** Its model calls, outside tools and agents defined within it. */
  calls: FrameworkCall[];
}

/** What a file holds, read once: model-calling units, the ids of its bindings, its constants. */
interface FilePlan {
  functions: Map<string, Unit>;
  script?: Unit;
  /** The file's top-level code: statements and constants other than functions and definitions. */
  scriptNodes: ts.Node[];
  /** The file's own id (`fileNodeId`). */
  base: string;
  /** Names the module exports: a definition bound to another name is private to the file. */
  exported: Set<string>;
  /** Binding → node id, where it is not the binding (exported) or `<file id>.<binding>` (private). */
  ids: Map<string, string>;
  /** Top-level `const x = …` initializers (a model held in a constant). */
  constants: Map<string, ts.Expression>;
  /** `const tools = { weather: tool({…}) }`: constants holding inline tools. */
  toolsets: [string, ts.ObjectLiteralExpression][];
}

const plans = new WeakMap<ts.SourceFile, FilePlan>();

/**
 * The Vercel AI SDK (`ai`, AI SDK 4 to 6):
 * - `tool({…})` / `dynamicTool({…})` bound at top level: a tool named after its binding (AI SDK tools
 *   have no name); written inline (`tools: { weather: tool({…}) }`) it is `<owner id>.<key>`, the owner
 *   being the function, agent or constant it is written in;
 * - `new ToolLoopAgent({…})` (6), `new Experimental_Agent({…})` (5), `new Agent({…})`: an agent, its id
 *   from a literal `id` or `name`, else its binding; `tools` are uses-edges;
 * - a top-level function whose code calls `generateText`, `streamText`, `generateObject` or
 *   `streamObject`: one node, an agent when a call passes `tools`, else a reasoner; the model, literal
 *   options and prompts come from the calls, the function is its body, and every node its code reaches
 *   (tools, agents, other such functions) is a uses-edge. Tools and agents it defines in its own code
 *   are read inline under it;
 * - model calls in the file's top-level code (top-level `await`, `run(async () => {…})`,
 *   `export const POST = withAuth(async () => …)`): one node for the file.
 *
 * Ids, where nothing literal names the definition: a binding the module exports is the id as it is
 * (`weatherTool`); a private one is scoped by the file's id (`app_api_chat_route.weatherTool`), as
 * JavaScript scopes it, so that the many files that each keep a private `weatherTool` or `agent` do not
 * collide. Functions whose name says nothing (`main`, `handler`, `default`, a route's HTTP verbs) and
 * the file's top-level code are the file's id itself (`fileNodeId`), `_<name>` (`_script`) appended when
 * one file has several of them.
 */
export const aiSdk: FrameworkAdapter = {
  id: 'ai-sdk',
  packages: ['ai'],
  definers: new Set([...MODEL_CALLS, ...AGENTS, ...TOOLS]),
  definition(binding, anchor, call, c) {
    const isTool = TOOLS.has(call.callee) && !call.isNew;
    const isAgent = AGENTS.has(call.callee) && call.isNew;
    if ((!isTool && !isAgent) || call.member !== undefined || call.chain.length > 0) return undefined;
    consumeModelCalls(call.node, c);
    const first = call.args[0] && unwrap(call.args[0]);
    if (!first || !ts.isObjectLiteralExpression(first)) {
      c.consume(call.node);
      c.addUnread({ ...c.position(call.node), construct: `${isAgent ? 'new ' : ''}${call.callee}`, reason: 'its argument is not an object literal' });
      return undefined;
    }
    const plan = planOf(c);
    const term = isAgent ? `new ${call.callee}` : call.callee;
    const fact = c.readObject(first, { binding, anchor, node: anchor, kind: isAgent ? 'agent' : 'tool', term }, isAgent ? AGENT_ROLES : TOOL_ROLES);
    if (fact.name.kind === 'dynamic' && fact.name.text === '') {
      fact.name = { kind: 'literal', value: idOf(binding, plan) };
      fact.framework!.nameFromBinding = true;
    }
    modelFromConstant(fact, first, plan, undefined, c);
    fact.framework!.usesFromCode = true;
    return fact;
  },
  functionDefinition(binding, _anchor, fn, c) {
    const unit = planOf(c).functions.get(binding);
    return unit && unit.fn === fn ? readUnit(unit, c) : undefined;
  },
  script(c) {
    const plan = planOf(c);
    for (const [owner, object] of plan.toolsets) {
      for (const property of object.properties) {
        const key = ts.isPropertyAssignment(property) ? propertyKey(property.name) : undefined;
        if (key !== undefined && ts.isPropertyAssignment(property)) c.inline(property.initializer, owner, key);
      }
    }
    if (plan.script) return readUnit(plan.script, c);
    readLocalDefinitions(SCRIPT, plan.scriptNodes, c);
    return undefined;
  },
};

/**
 * The node id of a file's top-level code and of functions named like `main` or `POST`: its path
 * from the project root without the extension and a leading `src/`, lower case, every run of other
 * characters one `_` (`app/api/chat/route.ts` → `app_api_chat_route`,
 * `src/generate-text/openai-tool-call.ts` → `generate_text_openai_tool_call`).
 */
export function fileNodeId(file: string): string {
  const stem = file.replace(/\.[cm]?[jt]sx?$/, '').replace(/^src\//, '');
  const slug = stem.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  if (slug === '') return '_';
  return /^[a-z_]/.test(slug) ? slug : `_${slug}`;
}

/** The id of a binding of this file; `owner.key` (an inline definition) → `<owner's id>.key`. */
function idOf(binding: string, plan: FilePlan): string {
  const dot = binding.indexOf('.');
  const head = dot < 0 ? binding : binding.slice(0, dot);
  const id = plan.ids.get(head) ?? (plan.exported.has(head) ? head : `${plan.base}.${head}`);
  return dot < 0 ? id : `${id}${binding.slice(dot)}`;
}

function readUnit(unit: Unit, c: FrameworkContext): DefinitionFact {
  const plan = planOf(c);
  const objects = unit.calls.map((call) => {
    const first = call.args[0] && unwrap(call.args[0]);
    return first && ts.isObjectLiteralExpression(first) ? first : undefined;
  });
  const kind: NodeKind = objects.some((object) => object?.properties.some((p) => p.name && propertyKey(p.name as ts.PropertyName) === 'tools')) ? 'agent' : 'reasoner';
  const term = [...new Set(unit.calls.map((call) => call.callee))].join(', ');
  let fact: DefinitionFact | undefined;
  const models: JsonValue[] = [];
  const toolKeys = new Set<string>();
  unit.calls.forEach((call, index) => {
    const object = objects[index];
    // A later call that writes a tool under a key an earlier one took: its inline tools are `<unit>.<n>.<key>`.
    const keys = object ? inlineToolKeys(object) : [];
    const binding = index > 0 && keys.some((key) => toolKeys.has(key)) ? `${unit.binding}.${index + 1}` : unit.binding;
    for (const key of keys) toolKeys.add(key);
    const site = { binding, anchor: unit.anchor, node: unit.end, kind, term };
    const read = c.readObject(object ?? ts.factory.createObjectLiteralExpression([]), site, CALL_ROLES);
    if (object) modelFromConstant(read, object, plan, unit.fn, c);
    else {
      const argument = call.args[0];
      read.dynamicProperties.push({ ...c.position(argument ?? call.node), property: `${call.callee} options`, text: argument?.getText(c.sf) ?? '(none)' });
    }
    const model = read.config.model;
    if (model !== undefined && !models.some((m) => JSON.stringify(m) === JSON.stringify(model))) models.push(model);
    if (fact === undefined) fact = read;
    else merge(fact, read, index + 1);
  });
  const result = fact!;
  if (models.length > 0) result.config.model = models.length === 1 ? models[0]! : models;
  result.name = { kind: 'literal', value: idOf(unit.binding, plan) };
  result.framework!.nameFromBinding = true;
  result.framework!.usesFromCode = true;
  result.bodyHash = sha256(unit.fn ? functionText(unit.fn, c) : unit.body.map((node) => c.normalized(node)).join('\n'));
  const locals = readLocalDefinitions(unit.binding, unit.fn ? [unit.fn] : plan.scriptNodes, c);
  if (locals.size > 0) {
    const uses = (result.uses ??= { refs: [], invalid: [] });
    const passed = new Set<string>();
    uses.refs = uses.refs.flatMap((ref) => {
      const local = ref.member === undefined && !ref.inline ? locals.get(ref.name) : undefined;
      if (!local) return [ref];
      passed.add(ref.name);
      return local;
    });
    for (const [name, refs] of locals) if (!passed.has(name)) uses.refs.push(...refs);
  }
  if (!unit.fn) {
    const refs = new Set(unit.body.flatMap((node) => collectReferences(node, c.moduleNames, c.namespaces)));
    result.refs = [...refs].sort();
  }
  for (const node of unit.body) consumeModelCalls(node, c);
  return result;
}

/** The keys of a call's `tools: { key: tool({…}) }`. */
function inlineToolKeys(object: ts.ObjectLiteralExpression): string[] {
  for (const property of object.properties) {
    if (!ts.isPropertyAssignment(property) || propertyKey(property.name) !== 'tools') continue;
    const tools = unwrap(property.initializer);
    if (!ts.isObjectLiteralExpression(tools)) return [];
    return tools.properties.flatMap((p) => (ts.isPropertyAssignment(p) ? [propertyKey(p.name) ?? ''] : []));
  }
  return [];
}

/**
 * Tools and agents a function or the file's top-level code defines in its own code
 * (`const readImage = tool({…})`, `const tools = { weather: tool({…}) }` inside `main` or
 * `run(async () => {…})`): read inline under their owner (`<owner id>.readImage`), by local name.
 * A unit uses them all, whether it passes them as `tools` or calls them otherwise.
 */
function readLocalDefinitions(owner: string, nodes: readonly ts.Node[], c: FrameworkContext): Map<string, RefFact[]> {
  const locals = new Map<string, RefFact[]>();
  const definer = (expression: ts.Expression): boolean => {
    const call = c.frameworkCall(expression);
    return call !== undefined && call.node === unwrap(expression) && isDefiner(call);
  };
  const visit = (node: ts.Node): void => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer) {
      const initializer = unwrap(node.initializer);
      const refs: RefFact[] = [];
      if (definer(initializer)) {
        const ref = c.inline(initializer, owner, node.name.text);
        if (ref) refs.push(ref);
      } else if (ts.isObjectLiteralExpression(initializer)) {
        for (const property of initializer.properties) {
          const key = ts.isPropertyAssignment(property) ? propertyKey(property.name) : undefined;
          if (key === undefined || !ts.isPropertyAssignment(property) || !definer(unwrap(property.initializer))) continue;
          const ref = c.inline(unwrap(property.initializer), owner, key);
          if (ref) refs.push(ref);
        }
      }
      if (refs.length > 0) {
        locals.set(node.name.text, refs);
        return;
      }
    }
    if ((ts.isCallExpression(node) || ts.isNewExpression(node)) && definer(node)) return;
    ts.forEachChild(node, visit);
  };
  for (const node of nodes) visit(node);
  return locals;
}

/** A function's behaviour: its parameters and body (not `export`, not the name it is bound to). */
function functionText(fn: ts.FunctionLikeDeclaration, c: FrameworkContext): string {
  return [...fn.parameters.map((p) => c.normalized(p)), fn.body ? c.normalized(fn.body) : ''].join('\n');
}

/** A second model call of the same function: its edges, options and prompts join the first's. */
function merge(into: DefinitionFact, from: DefinitionFact, n: number): void {
  if (from.uses) {
    into.uses ??= { refs: [], invalid: [] };
    into.uses.refs.push(...from.uses.refs);
    into.uses.invalid.push(...from.uses.invalid);
  }
  for (const [key, value] of Object.entries(from.config)) if (key !== 'model' && !(key in into.config)) into.config[key] = value;
  for (const [key, value] of Object.entries(from.configExprs)) into.configExprs[key in into.configExprs ? `${key}.${n}` : key] = value;
  for (const [key, value] of Object.entries(from.prompts)) into.prompts[key in into.prompts ? `${key}.${n}` : key] = value;
  into.dynamicProperties.push(...from.dynamicProperties);
  into.constantRefs.push(...from.constantRefs);
  for (const property of from.properties) if (!into.properties.includes(property)) into.properties.push(property);
}

/** `model: model` where `const model = openai('gpt-4o')` in the function or the file: that model. */
function modelFromConstant(
  fact: DefinitionFact,
  object: ts.ObjectLiteralExpression,
  plan: FilePlan,
  fn: ts.FunctionLikeDeclaration | undefined,
  c: FrameworkContext,
): void {
  if (fact.config.model !== undefined) return;
  for (const property of object.properties) {
    const value = ts.isShorthandPropertyAssignment(property) ? property.name : ts.isPropertyAssignment(property) ? unwrap(property.initializer) : undefined;
    if (!value || !ts.isIdentifier(value) || propertyKey(property.name as ts.PropertyName) !== 'model') continue;
    const initializer = (fn && localConstant(fn, value.text)) ?? plan.constants.get(value.text);
    const model = initializer && readModel(initializer, c);
    if (model === undefined) return;
    fact.config.model = model;
    delete fact.configExprs.model;
  }
}

function localConstant(fn: ts.FunctionLikeDeclaration, name: string): ts.Expression | undefined {
  if (!fn.body || !ts.isBlock(fn.body)) return undefined;
  for (const statement of fn.body.statements) {
    if (!ts.isVariableStatement(statement) || (statement.declarationList.flags & ts.NodeFlags.Const) === 0) continue;
    for (const d of statement.declarationList.declarations) {
      if (ts.isIdentifier(d.name) && d.name.text === name && d.initializer) return unwrap(d.initializer);
    }
  }
  return undefined;
}

function planOf(c: FrameworkContext): FilePlan {
  const cached = plans.get(c.sf);
  if (cached) return cached;
  const base = fileNodeId(c.sf.fileName);
  const plan: FilePlan = { functions: new Map(), scriptNodes: [], base, exported: exportedNames(c.sf), ids: new Map(), constants: new Map(), toolsets: [] };
  let unnamedDefault = false;
  const functions: Unit[] = [];
  const script: ts.Node[] = [];
  const defined = (expression: ts.Expression): FrameworkCall | undefined => {
    const call = c.frameworkCall(expression);
    return call && isDefiner(call) ? call : undefined;
  };
  const addFunction = (binding: string, anchor: ts.Node, fn: ts.FunctionLikeDeclaration): void => {
    functions.push({ binding, anchor, end: anchor, body: [fn], fn, calls: modelCalls(fn, c) });
  };
  for (const statement of c.sf.statements) {
    if (ts.isFunctionDeclaration(statement)) {
      if (statement.body) addFunction(statement.name?.text ?? 'default', statement, statement);
    } else if (ts.isVariableStatement(statement)) {
      const isConst = (statement.declarationList.flags & ts.NodeFlags.Const) !== 0;
      for (const d of statement.declarationList.declarations) {
        const initializer = d.initializer && unwrap(d.initializer);
        if (ts.isIdentifier(d.name) && initializer) {
          if (isConst) plan.constants.set(d.name.text, initializer);
          if (ts.isArrowFunction(initializer) || ts.isFunctionExpression(initializer)) {
            addFunction(d.name.text, d, initializer);
            continue;
          }
          const call = defined(initializer);
          if (call) {
            const id = agentId(call, c);
            if (id !== undefined) plan.ids.set(d.name.text, id);
            continue;
          }
          if (ts.isObjectLiteralExpression(initializer) && initializer.properties.some((p) => ts.isPropertyAssignment(p) && defined(p.initializer))) {
            plan.toolsets.push([d.name.text, initializer]);
            continue;
          }
        }
        script.push(d);
      }
    } else if (ts.isExportAssignment(statement)) {
      const expression = unwrap(statement.expression);
      if (ts.isArrowFunction(expression) || ts.isFunctionExpression(expression)) addFunction('default', statement.expression, expression);
      else {
        const call = defined(expression);
        const id = call && agentId(call, c);
        if (id !== undefined) plan.ids.set('default', id);
        else if (call) unnamedDefault = true;
        else script.push(statement);
      }
    } else if (!isDeclarationOnly(statement)) {
      script.push(statement);
    }
  }
  const units = functions.filter((unit) => unit.calls.length > 0);
  plan.scriptNodes = script;
  const scriptNodes = script.filter((node) => modelCalls(node, c).length > 0);
  if (scriptNodes.length > 0) {
    plan.script = {
      binding: SCRIPT,
      anchor: scriptNodes[0]!,
      end: scriptNodes[scriptNodes.length - 1]!,
      body: script,
      calls: scriptNodes.flatMap((node) => modelCalls(node, c)),
    };
  }
  // Units with names that say nothing, and unnamed default exports, are named after the file.
  const fileNamed = [
    ...units.filter((unit) => FILE_NAMED.has(unit.binding)).map((unit) => unit.binding),
    ...(plan.script ? [SCRIPT] : []),
    ...(unnamedDefault ? ['default'] : []),
  ];
  for (const binding of fileNamed) {
    plan.ids.set(binding, fileNamed.length === 1 ? base : `${base}_${binding === SCRIPT ? 'script' : binding.toLowerCase()}`);
  }
  // Without a node of its own, the top-level code still owns what it defines (`<file id>.<name>`).
  if (!plan.script) plan.ids.set(SCRIPT, base);
  for (const unit of units) plan.functions.set(unit.binding, unit);
  plans.set(c.sf, plan);
  return plan;
}

/** The module-level names a file exports (`export const x`, `export { x as y }`, `export default x`). */
function exportedNames(sf: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  for (const statement of sf.statements) {
    const exported = ts.canHaveModifiers(statement) && ts.getModifiers(statement)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    if (exported && ts.isVariableStatement(statement)) {
      for (const d of statement.declarationList.declarations) if (ts.isIdentifier(d.name)) names.add(d.name.text);
    } else if (exported && (ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) && statement.name) {
      names.add(statement.name.text);
    } else if (ts.isExportDeclaration(statement) && !statement.moduleSpecifier && statement.exportClause && ts.isNamedExports(statement.exportClause)) {
      for (const element of statement.exportClause.elements) names.add((element.propertyName ?? element.name).text);
    } else if (ts.isExportAssignment(statement) && ts.isIdentifier(statement.expression)) {
      names.add(statement.expression.text);
    }
  }
  return names;
}

/** Statements that declare and do nothing: imports, types, classes (whose methods ca does not read). */
function isDeclarationOnly(statement: ts.Statement): boolean {
  return (
    ts.isImportDeclaration(statement) ||
    ts.isImportEqualsDeclaration(statement) ||
    ts.isExportDeclaration(statement) ||
    ts.isInterfaceDeclaration(statement) ||
    ts.isTypeAliasDeclaration(statement) ||
    ts.isClassDeclaration(statement) ||
    ts.isEnumDeclaration(statement) ||
    ts.isModuleDeclaration(statement) ||
    ts.isEmptyStatement(statement)
  );
}

function isDefiner(call: FrameworkCall): boolean {
  return call.member === undefined && ((TOOLS.has(call.callee) && !call.isNew) || (AGENTS.has(call.callee) && call.isNew));
}

/** An agent's literal `id` (or `name`); undefined for tools and unnamed agents (the binding stands in). */
function agentId(call: FrameworkCall, c: FrameworkContext): string | undefined {
  const object = call.args[0] && unwrap(call.args[0]);
  if (!AGENTS.has(call.callee) || !object || !ts.isObjectLiteralExpression(object)) return undefined;
  for (const key of AGENT_ROLES.id) {
    for (const property of object.properties) {
      if (!ts.isPropertyAssignment(property) || propertyKey(property.name) !== key) continue;
      const value = readLiteral(unwrap(property.initializer), c.constValues);
      if (typeof value === 'string' && value !== '') return value;
    }
  }
  return undefined;
}

/**
 * The model calls in a piece of code, not counting those inside the tools and agents it defines:
 * those belong to the tool or agent (and are not reported again when it is one ca cannot read).
 */
function modelCalls(root: ts.Node, c: FrameworkContext): FrameworkCall[] {
  const calls: FrameworkCall[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
      const call = c.frameworkCall(node);
      if (call && call.node === node) {
        if (isDefiner(call)) {
          consumeModelCalls(node, c);
          return;
        }
        if (MODEL_CALLS.has(call.callee) && !call.isNew && call.member === undefined) calls.push(call);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(root);
  return calls;
}

/** Model calls inside a definition ca read belong to it: they are not constructs it failed to read. */
function consumeModelCalls(root: ts.Node, c: FrameworkContext): void {
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node)) {
      const call = c.frameworkCall(node);
      if (call && call.node === node && MODEL_CALLS.has(call.callee) && call.member === undefined) c.consume(node);
    }
    ts.forEachChild(node, visit);
  };
  visit(root);
}
