import ts from '../typescript.cjs';
import { sha256 } from '../../core/hash.js';
import { collectReferences } from '../collect-references.js';
import type { DefinitionFact, InvalidRefFact, RefFact } from '../file-facts.js';
import { readName, unwrap } from '../read-definition.js';
import { propertyKey } from '../read-literal.js';
import type { ChainCall, FrameworkAdapter, FrameworkCall, FrameworkContext, ObjectRoles } from './framework-adapter.js';

/** Agents: `new Agent`, and the agent networks of Mastra 0.x. */
const AGENTS = new Set(['Agent', 'AgentNetwork', 'NewAgentNetwork']);
/** Workflows: `createWorkflow(…)`, and the classes of Mastra 0.x (`new Workflow({ name })`, `new LegacyWorkflow`). */
const WORKFLOWS = new Set(['createWorkflow', 'Workflow', 'LegacyWorkflow']);
/** Steps: `createStep(…)`, and `new Step` / `new LegacyStep` of Mastra 0.x workflows. */
const STEPS = new Set(['createStep', 'Step', 'LegacyStep']);

/** Workflow builder methods whose arguments name the steps that run (`.then(a)`, `.parallel([a, b])`, `.branch([[cond, a]])`). */
const STEP_METHODS = new Set([
  'then', 'parallel', 'branch', 'dowhile', 'dountil', 'doWhile', 'doUntil', 'foreach', 'waitForEvent',
  // Mastra 0.x workflows: `.step(a).then(b).after(a).while(cond, c)`.
  'step', 'after', 'while', 'until',
]);
/** Builder methods that take no step: part of the workflow's behaviour, no edge. */
const OTHER_METHODS = new Set(['map', 'sleep', 'sleepUntil', 'commit', 'if', 'else']);

/**
 * Methods that run an agent, tool or workflow: `weatherAgent.generate(…)`, `databaseSeedingTool.execute(…)`
 * in a step's or tool's code are uses of it.
 */
const RUN_METHODS = new Set(['generate', 'stream', 'generateVNext', 'streamVNext', 'generateLegacy', 'streamLegacy', 'network', 'execute', 'createRun', 'createRunAsync']);

/** The registry's lists; a definition written inline there (`agents: { a: new Agent({…}) }`) is read too. */
const REGISTRY_LISTS = ['agents', 'workflows', 'vnext_workflows', 'legacy_workflows', 'tools', 'networks', 'vnext_networks'];

/** Agent keys whose value lists definitions (tools, workflows and sub-agents are all uses). */
const AGENT_EDGES = ['tools', 'workflows', 'agents'] as const;

const AGENT_ROLES: ObjectRoles = {
  id: ['id', 'name'],
  display: 'name',
  description: ['description'],
  body: ['instructions'],
  edges: { tools: 'uses', workflows: 'uses', agents: 'uses' },
  model: 'model',
};

const TOOL_ROLES: ObjectRoles = {
  id: ['id', 'name'],
  display: 'name',
  description: ['description'],
  body: ['execute'],
  edges: {},
};

const WORKFLOW_ROLES: ObjectRoles = {
  id: ['id', 'name'],
  display: 'name',
  description: ['description'],
  body: [],
  edges: { steps: 'uses' },
  entry: (expression, c) => wrappedStep(expression, c),
};

/**
 * Mastra (`@mastra/core` and its subpaths):
 * - `new Agent({ id, name, instructions, model, tools, workflows, agents })`: an agent; its tools,
 *   workflows and sub-agents are uses-edges;
 * - `createTool({ id, execute })`, `createStep({ id, execute })`: tools;
 * - `createWorkflow({ id }).then(a).parallel([b, c]).branch([[cond, d]]).commit()`: a flow using
 *   every step of its chain, also when the chain is a later statement (`wf.then(a).commit()`);
 * - `createStep(agent)` / `createStep(tool)` is no node of its own: it stands for the agent or tool
 *   it wraps, so a workflow that runs it uses that agent or tool;
 * - `new Mastra({ agents, workflows })` is the registry, not a node: definitions written inline in
 *   it are read; ids stay the definitions' own.
 */
export const mastra: FrameworkAdapter = {
  id: 'mastra',
  packages: ['@mastra/core'],
  definers: new Set([...AGENTS, ...WORKFLOWS, ...STEPS, 'createTool']),
  definition(binding, anchor, call, c) {
    if (call.member !== undefined) return undefined;
    if (STEPS.has(call.callee) && !isObjectCall(call)) return stepWrapper(binding, anchor, call, c);
    const object = isObjectCall(call) ? (unwrap(call.args[0]!) as ts.ObjectLiteralExpression) : undefined;
    if (call.callee === 'Mastra' && call.isNew) {
      if (object) readRegistry(object, binding, c);
      return undefined;
    }
    if (!object) return undefined;
    const site = (kind: 'agent' | 'tool' | 'flow') => ({ binding, anchor, node: anchor, kind, term: call.isNew ? `new ${call.callee}` : call.callee });
    if (AGENTS.has(call.callee) && call.isNew) return readAgent(c.readObject(object, site('agent'), AGENT_ROLES), object, c);
    if ((call.callee === 'createTool' && !call.isNew) || (STEPS.has(call.callee) && call.isNew === (call.callee !== 'createStep'))) {
      return readRunCalls(idOrName(c.readObject(object, site('tool'), TOOL_ROLES), object, c), object, c);
    }
    if (WORKFLOWS.has(call.callee) && call.isNew === (call.callee !== 'createWorkflow')) {
      return readWorkflow(idOrName(c.readObject(object, site('flow'), WORKFLOW_ROLES), object, c), call.chain, anchor, c);
    }
    return undefined;
  },
  statement(statement, c) {
    // `wf.then(a).commit()` on a workflow of this file is read with its definition; here, one imported.
    const chain = builderChain(statement.expression);
    if (!chain || workflowDeclaredHere(chain.root.text, c)) return;
    const target = c.ref(chain.root);
    if (!target) return;
    const read = readChain(chain.calls, target.name, `line${c.position(statement).line}.`, c);
    if (read.refs.length === 0 && read.invalid.length === 0) return;
    c.addAttachment({ ...c.position(statement), framework: 'mastra', target, edge: 'uses', refs: read.refs, invalid: read.invalid });
  },
};

function isObjectCall(call: FrameworkCall): boolean {
  const first = call.args[0];
  return first !== undefined && ts.isObjectLiteralExpression(unwrap(first));
}

/**
 * `createStep(weatherAgent)`: no node of its own, the agent it wraps stands for it. Bound to a name,
 * uses of that name reach the agent through it (the linker follows constants to the nodes they hold);
 * wrapping a definition written in place (`createStep(new Agent({…}))`), that definition is the node.
 */
function stepWrapper(binding: string, anchor: ts.Node, call: FrameworkCall, c: FrameworkContext): DefinitionFact | undefined {
  const first = call.args[0];
  const inner = first ? c.frameworkCall(first) : undefined;
  if (inner && !(STEPS.has(inner.callee) && !isObjectCall(inner))) {
    const fact = mastra.definition(binding, anchor, inner, c);
    if (fact) {
      c.consume(call.node);
      c.consume(inner.node);
    }
    return fact;
  }
  if (first && c.ref(first)) c.consume(call.node);
  return undefined;
}

/** An edge entry `createStep(weatherAgent)` (in `steps: […]` or a chain): the agent it wraps. */
function wrappedStep(expression: ts.Expression, c: FrameworkContext): RefFact | undefined {
  const call = ts.isCallExpression(expression) ? c.frameworkCall(expression) : undefined;
  if (!call || !STEPS.has(call.callee) || call.member !== undefined || call.isNew || isObjectCall(call) || !call.args[0]) return undefined;
  const ref = c.ref(call.args[0]);
  if (ref) c.consume(call.node);
  return ref;
}

/**
 * The id is `id` when it is written as a literal; when `id` is computed, the literal `name` stands in
 * (the computed `id` is a warning: Mastra's own id may differ).
 */
function idOrName(fact: DefinitionFact, object: ts.ObjectLiteralExpression, c: FrameworkContext): DefinitionFact {
  if (fact.name.kind !== 'dynamic' || fact.name.text === '') return fact;
  const id = property(object, 'id');
  const name = property(object, 'name');
  if (!id || !name) return fact;
  const read = readName(unwrap(name), c);
  if (read.kind !== 'literal') return fact;
  fact.name = read;
  fact.dynamicProperties.push({ ...c.position(id), property: 'id', text: id.getText(c.sf) });
  return fact;
}

/**
 * Tools, workflows or sub-agents given by a function of the request (`tools: ({ requestContext }) => ({…})`):
 * not a list ca can read, so every definition the agent's code reaches counts as used.
 */
function readAgent(fact: DefinitionFact, object: ts.ObjectLiteralExpression, c: FrameworkContext): DefinitionFact {
  idOrName(fact, object, c);
  const dynamic = AGENT_EDGES.flatMap((key) => {
    const value = property(object, key);
    return value !== undefined && ts.isFunctionLike(unwrap(value)) ? [c.position(unwrap(value))] : [];
  });
  if (dynamic.length === 0) return fact;
  fact.framework!.usesFromCode = true;
  const at = new Set(dynamic.map((position) => `${position.line}:${position.column}`));
  if (fact.uses) fact.uses.invalid = fact.uses.invalid.filter((invalid) => !at.has(`${invalid.line}:${invalid.column}`));
  return fact;
}

/** A step's or tool's code that runs an agent, tool or workflow of the module by name: `weatherAgent.generate(…)`. */
function readRunCalls(fact: DefinitionFact, object: ts.ObjectLiteralExpression, c: FrameworkContext): DefinitionFact {
  const execute = property(object, 'execute') ?? object.properties.find((p) => ts.isMethodDeclaration(p) && propertyKey(p.name) === 'execute');
  if (!execute) return fact;
  const refs: RefFact[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && RUN_METHODS.has(node.expression.name.text)) {
      const receiver = node.expression.expression;
      if (ts.isIdentifier(receiver) && c.moduleNames.has(receiver.text) && !refs.some((ref) => ref.name === receiver.text)) {
        const ref = c.ref(receiver);
        if (ref) refs.push(ref);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(execute);
  if (refs.length > 0) (fact.uses ??= { refs: [], invalid: [] }).refs.push(...refs);
  return fact;
}

/**
 * A workflow: its `steps` (read by the roles), the builder chain on its definition, and the chains on its
 * binding in later statements of the file (`wf.then(a).commit()`, `const committed = wf.then(a).commit()`).
 * The chain's shape (order, parallel, branch conditions, maps) is its behaviour: the `body` fingerprint.
 */
function readWorkflow(fact: DefinitionFact, chain: readonly ChainCall[], anchor: ts.Node, c: FrameworkContext): DefinitionFact {
  const owner = fact.binding;
  const parts = [readChain(chain, owner, '', c)];
  const topLevel = ts.isVariableDeclaration(anchor) && !owner.includes('.');
  if (topLevel) {
    for (const statement of c.sf.statements) {
      const expressions = ts.isExpressionStatement(statement)
        ? [statement.expression]
        : ts.isVariableStatement(statement)
          ? statement.declarationList.declarations.flatMap((d) => (d.initializer ? [d.initializer] : []))
          : [];
      for (const expression of expressions) {
        const later = builderChain(expression);
        if (!later || later.root.text !== owner) continue;
        parts.push(readChain(later.calls, owner, `line${c.position(statement).line}.`, c));
        const refs = collectReferences(statement, c.moduleNames, c.namespaces).filter((ref) => ref !== owner);
        fact.refs = [...new Set([...fact.refs, ...refs])].sort();
      }
    }
  }
  const uses = (fact.uses ??= { refs: [], invalid: [] });
  for (const part of parts) {
    uses.refs.push(...part.refs);
    uses.invalid.push(...part.invalid);
  }
  fact.bodyHash = sha256(`${fact.bodyHash}\n${parts.map((part) => part.text.join('')).join('\n')}`);
  return fact;
}

interface ChainRead {
  refs: RefFact[];
  invalid: InvalidRefFact[];
  /** The chain as behaviour: methods, steps by reference, conditions and maps normalised. */
  text: string[];
}

/**
 * The steps a builder chain runs: every argument of a step method that is neither a function (a branch or
 * loop condition), an options object nor a literal is a step: a reference, `createStep(agent)`, or a
 * definition written in place (read under `owner.<method><index>`).
 */
function readChain(calls: readonly ChainCall[], owner: string, prefix: string, c: FrameworkContext): ChainRead {
  const read: ChainRead = { refs: [], invalid: [], text: [] };
  const step = (expression: ts.Expression, key: string): string => {
    const node = unwrap(expression);
    if (ts.isArrayLiteralExpression(node)) {
      return `[${node.elements.map((element, index) => step(element, `${key}.${index}`)).join(',')}]`;
    }
    if (ts.isSpreadElement(node)) return `...${step(node.expression, key)}`;
    if (!mayBeStep(node)) return c.normalized(node);
    const ref = wrappedStep(node, c) ?? c.ref(node) ?? c.inline(node, owner, `${prefix}${key}`);
    if (ref) {
      read.refs.push(ref);
      return ref.inline ? `inline:${ref.name}` : ref.text;
    }
    read.invalid.push({ ...c.position(node), text: truncate(node.getText(c.sf)) });
    return c.normalized(node);
  };
  calls.forEach((call, index) => {
    const args = STEP_METHODS.has(call.method)
      ? call.args.map((arg, position) => step(arg, `${call.method}${index}${position === 0 ? '' : `.${position}`}`))
      : call.args.map((arg) => c.normalized(arg));
    read.text.push(`.${call.method}(${args.join(',')})`);
  });
  return read;
}

/** Conditions, options and literals in a step method's arguments: `[cond, step]`, `.foreach(step, { concurrency: 2 })`. */
function mayBeStep(node: ts.Expression): boolean {
  return !(
    ts.isFunctionLike(node) ||
    ts.isObjectLiteralExpression(node) ||
    ts.isLiteralExpression(node) ||
    ts.isTemplateExpression(node) ||
    ts.isPrefixUnaryExpression(node) ||
    node.kind === ts.SyntaxKind.TrueKeyword ||
    node.kind === ts.SyntaxKind.FalseKeyword ||
    node.kind === ts.SyntaxKind.NullKeyword
  );
}

/** `wf.then(a).then(b).commit()`: the calls chained on a name, while they are workflow builder methods. */
function builderChain(expression: ts.Expression): { root: ts.Identifier; calls: ChainCall[] } | undefined {
  let current = unwrap(expression);
  const calls: ChainCall[] = [];
  while (ts.isCallExpression(current) && ts.isPropertyAccessExpression(current.expression) && ts.isIdentifier(current.expression.name)) {
    calls.unshift({ method: current.expression.name.text, args: current.arguments, node: current });
    current = unwrap(current.expression.expression);
  }
  if (!ts.isIdentifier(current)) return undefined;
  const end = calls.findIndex((call) => !STEP_METHODS.has(call.method) && !OTHER_METHODS.has(call.method));
  const builder = end < 0 ? calls : calls.slice(0, end);
  return builder.length > 0 ? { root: current, calls: builder } : undefined;
}

/** Whether `name` is a top-level `const name = createWorkflow(…)` (or `new Workflow(…)`) of this file. */
function workflowDeclaredHere(name: string, c: FrameworkContext): boolean {
  for (const statement of c.sf.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const declaration of statement.declarationList.declarations) {
      if (!ts.isIdentifier(declaration.name) || declaration.name.text !== name || !declaration.initializer) continue;
      const call = c.frameworkCall(declaration.initializer);
      return call !== undefined && WORKFLOWS.has(call.callee);
    }
  }
  return false;
}

/** `new Mastra({ agents: { weatherAgent: new Agent({…}) } })`: definitions written inline in the registry. */
function readRegistry(object: ts.ObjectLiteralExpression, binding: string, c: FrameworkContext): void {
  for (const key of REGISTRY_LISTS) {
    const list = property(object, key);
    if (!list || !ts.isObjectLiteralExpression(unwrap(list))) continue;
    for (const entry of (unwrap(list) as ts.ObjectLiteralExpression).properties) {
      if (!ts.isPropertyAssignment(entry)) continue;
      const value = unwrap(entry.initializer);
      if (c.frameworkCall(value)) c.inline(value, binding, `${key}.${propertyKey(entry.name) ?? entry.name.getText(c.sf)}`);
    }
  }
}

/** The value of `key: value` (or shorthand `key`) in an object literal. */
function property(object: ts.ObjectLiteralExpression, key: string): ts.Expression | undefined {
  for (const p of object.properties) {
    if (ts.isPropertyAssignment(p) && propertyKey(p.name) === key) return p.initializer;
    if (ts.isShorthandPropertyAssignment(p) && p.name.text === key) return p.name;
  }
  return undefined;
}

function truncate(text: string): string {
  const line = text.replace(/\s+/g, ' ');
  return line.length > 60 ? `${line.slice(0, 57)}...` : line;
}
