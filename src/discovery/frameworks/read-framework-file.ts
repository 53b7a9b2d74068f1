import ts from '../typescript.cjs';
import { sha256 } from '../../core/hash.js';
import { collectReferences } from '../collect-references.js';
import type { AttachmentFact, DefinitionFact, ImportFact, InvalidRefFact, NameFact, RefFact, UnreadFact } from '../file-facts.js';
import { type DefinitionContext, readName, readProperties, readRef, unwrap } from '../read-definition.js';
import { NOT_LITERAL, propertyKey, readLiteral } from '../read-literal.js';
import type { ChainCall, DefinitionSite, FrameworkAdapter, FrameworkCall, FrameworkContext, ObjectRoles } from './framework-adapter.js';
import { adapterForModule, FRAMEWORK_ADAPTERS } from './registry.js';
import { readModel } from './read-model.js';

/** A top-level name of the file and what it holds. */
export interface TopLevelDeclaration {
  name: string;
  node: ts.Node;
  initializer?: ts.Expression;
}

export interface FrameworkFileFacts {
  definitions: DefinitionFact[];
  attachments: AttachmentFact[];
  unread: UnreadFact[];
}

/**
 * The definitions of other frameworks in one file, read by the adapter of each framework package
 * the file imports. Files that import none cost one pass over their imports.
 */
export function readFrameworkFile(
  imports: readonly ImportFact[],
  declared: readonly TopLevelDeclaration[],
  defaultExpression: ts.Expression | undefined,
  base: DefinitionContext,
): FrameworkFileFacts {
  const result: FrameworkFileFacts = { definitions: [], attachments: [], unread: [] };
  const importsByAdapter = new Map<FrameworkAdapter, Map<string, string>>();
  for (const i of imports) {
    const adapter = adapterForModule(i.module);
    if (!adapter) continue;
    const locals = importsByAdapter.get(adapter) ?? new Map<string, string>();
    locals.set(i.local, i.imported);
    importsByAdapter.set(adapter, locals);
  }
  for (const [adapter, locals] of importsByAdapter) readWithAdapter(adapter, locals, declared, defaultExpression, base, result);
  // A wiring file that imports only the project's own agents may still add edges to them.
  const statements = base.sf.statements.filter(ts.isExpressionStatement);
  if (statements.length > 0) {
    for (const adapter of FRAMEWORK_ADAPTERS) {
      if (!adapter.statementsAnywhere || importsByAdapter.has(adapter) || !adapter.statement) continue;
      const c = contextFor(adapter, new Map(), new Set(), base, result);
      for (const statement of statements) adapter.statement(statement, c);
    }
  }
  return result;
}

function readWithAdapter(
  adapter: FrameworkAdapter,
  locals: ReadonlyMap<string, string>,
  declared: readonly TopLevelDeclaration[],
  defaultExpression: ts.Expression | undefined,
  base: DefinitionContext,
  result: FrameworkFileFacts,
): void {
  const consumed = new Set<ts.Node>();
  const unreadReasons = new Map<ts.Node, string>();
  const c = contextFor(adapter, locals, consumed, base, result);

  const read = (binding: string, anchor: ts.Node, expression: ts.Expression): void => {
    const call = frameworkCallOf(expression, locals);
    if (call) {
      const fact = adapter.definition(binding, anchor, call, c);
      if (fact) {
        consumed.add(call.node);
        result.definitions.push(fact);
      } else {
        // Bound at module level, but not in a form the adapter reads: say what is wrong with it.
        const options = call.args[0];
        unreadReasons.set(call.node, options ? `its options (${truncate(options.getText(c.sf))}) are not an object literal ca can read` : 'it has no options to read');
      }
      return;
    }
    const fn = unwrap(expression);
    if (adapter.functionDefinition && (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn))) {
      const fact = adapter.functionDefinition(binding, anchor, fn, c);
      if (fact) result.definitions.push(fact);
    }
  };
  for (const d of declared) {
    if (d.initializer) read(d.name, d.node, d.initializer);
    else if (adapter.functionDefinition && ts.isFunctionDeclaration(d.node)) {
      const fact = adapter.functionDefinition(d.name, d.node, d.node, c);
      if (fact) result.definitions.push(fact);
    }
  }
  if (defaultExpression) read('default', defaultExpression, defaultExpression);
  for (const statement of c.sf.statements) {
    if (ts.isExpressionStatement(statement)) adapter.statement?.(statement, c);
  }
  const script = adapter.script?.(c);
  if (script) result.definitions.push(script);
  readNested(adapter, locals, consumed, unreadReasons, c, result);
}

/** What an adapter reads a file with: the shared readers over this file and this adapter's imports. */
function contextFor(
  adapter: FrameworkAdapter,
  locals: ReadonlyMap<string, string>,
  consumed: Set<ts.Node>,
  base: DefinitionContext,
  result: FrameworkFileFacts,
): FrameworkContext {
  const c: FrameworkContext = {
    ...base,
    framework: adapter.id,
    frameworkCall: (expression) => frameworkCallOf(expression, locals),
    readObject: (object, site, roles) => readObject(object, site, roles, c),
    ref: (expression) => readRef(unwrap(expression), c),
    inline(expression, owner, key) {
      const call = frameworkCallOf(expression, locals);
      if (!call) return undefined;
      const binding = `${owner}.${key}`;
      const fact = adapter.definition(binding, expression, call, c);
      if (!fact) return undefined;
      consumed.add(call.node);
      result.definitions.push(fact);
      return { ...c.position(expression), name: binding, text: truncate(expression.getText(c.sf)), inline: true };
    },
    edgeEntries: (value, roles, owner) => edgeEntries(value, roles, owner, c),
    addAttachment: (attachment) => result.attachments.push(attachment),
    addUnread: (unread) => result.unread.push({ ...unread, framework: adapter.id }),
    consume: (node) => consumed.add(node),
  };
  return c;
}

/**
 * The framework call at the root of an expression, with the methods chained on it:
 * `createWorkflow({…}).then(a).commit()` → callee createWorkflow, chain [then, commit].
 */
function frameworkCallOf(expression: ts.Expression, locals: ReadonlyMap<string, string>): FrameworkCall | undefined {
  let current = unwrap(expression);
  const chain: ChainCall[] = [];
  while (ts.isCallExpression(current) && ts.isPropertyAccessExpression(current.expression) && ts.isIdentifier(current.expression.name)) {
    const receiver = unwrap(current.expression.expression);
    if (!ts.isCallExpression(receiver) && !ts.isNewExpression(receiver)) break;
    chain.unshift({ method: current.expression.name.text, args: current.arguments, node: current });
    current = receiver;
  }
  if (!ts.isCallExpression(current) && !ts.isNewExpression(current)) return undefined;
  const callee = calleeOf(current.expression, locals);
  if (!callee) return undefined;
  return { ...callee, isNew: ts.isNewExpression(current), node: current, args: current.arguments ?? [], chain };
}

/** `Agent`, `ns.Agent`, `Agent.create`, `ns.Agent.create` where `Agent` (or `ns`) is imported from the framework. */
function calleeOf(callee: ts.Expression, locals: ReadonlyMap<string, string>): { callee: string; member?: string } | undefined {
  if (ts.isIdentifier(callee)) {
    const imported = locals.get(callee.text);
    return imported === undefined || imported === '*' ? undefined : { callee: imported };
  }
  if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && ts.isIdentifier(callee.name)) {
    const imported = locals.get(callee.expression.text);
    if (imported === undefined) return undefined;
    return imported === '*' ? { callee: callee.name.text } : { callee: imported, member: callee.name.text };
  }
  // `ns.Agent.create(…)` on a namespace import.
  if (
    ts.isPropertyAccessExpression(callee) &&
    ts.isPropertyAccessExpression(callee.expression) &&
    ts.isIdentifier(callee.expression.expression) &&
    locals.get(callee.expression.expression.text) === '*'
  ) {
    return { callee: callee.expression.name.text, member: callee.name.text };
  }
  return undefined;
}

function readObject(object: ts.ObjectLiteralExpression, site: DefinitionSite, roles: ObjectRoles, c: FrameworkContext): DefinitionFact {
  const anchorName = ts.isVariableDeclaration(site.anchor) || ts.isFunctionDeclaration(site.anchor) ? (site.anchor.name ?? site.anchor) : site.anchor;
  const fact: DefinitionFact = {
    ...c.position(anchorName),
    binding: site.binding,
    framework: { id: c.framework, kind: site.kind, term: site.term },
    endLine: c.sf.getLineAndCharacterOfPosition(site.node.getEnd()).line + 1,
    factory: { name: site.term },
    name: { kind: 'dynamic', text: '' },
    tags: [],
    config: {},
    configExprs: {},
    bodyHash: '',
    refs: c.refsByName.get(site.binding) ?? collectReferences(site.node, c.moduleNames, c.namespaces),
    ctxCalls: [],
    dynamicProperties: [],
    constantRefs: [],
    properties: [],
    prompts: {},
  };
  const names = new Map<string, NameFact>();
  const body: [string, string][] = [];
  readProperties(object, fact, body, c, (key, value) => {
    const valueNode = unwrap(value);
    const edge = roles.edges[key];
    if (roles.id.includes(key) || key === roles.display) {
      names.set(key, readName(valueNode, c));
    } else if (roles.description.includes(key)) {
      const description = readLiteral(valueNode, c.constValues);
      if (typeof description === 'string') fact.description ??= description;
      else fact.configExprs[key] = c.normalized(value);
    } else if (edge !== undefined) {
      const entries = edgeEntries(valueNode, roles, site.binding, c);
      const list = edge === 'handoff' ? (fact.handoffs ??= { refs: [], invalid: [] }) : (fact.uses ??= { refs: [], invalid: [] });
      list.refs.push(...entries.refs);
      list.invalid.push(...entries.invalid);
    } else if (key === roles.model) {
      const model = readModel(valueNode, c);
      if (model !== undefined) fact.config[key] = model;
      else fact.configExprs[key] = c.normalized(value);
    } else if (roles.body.includes(key) || ts.isFunctionLike(valueNode)) {
      body.push([key, c.normalized(value)]);
      const prompt = readLiteral(valueNode, c.constValues);
      if (typeof prompt === 'string') fact.prompts[key] = prompt;
    } else {
      const literal = readLiteral(valueNode, c.constValues);
      if (literal !== NOT_LITERAL) fact.config[key] = literal;
      else {
        fact.configExprs[key] = c.normalized(value);
        const ref = readRef(valueNode, c);
        if (ref) fact.constantRefs.push({ ...ref, property: key });
      }
    }
  });
  const idKey = roles.id.find((key) => names.has(key));
  if (idKey !== undefined) fact.name = names.get(idKey)!;
  const display = roles.display === undefined || roles.display === idKey ? undefined : names.get(roles.display);
  if (display?.kind === 'literal' && fact.name.kind === 'literal' && display.value !== fact.name.value) fact.displayName = display.value;
  body.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  fact.bodyHash = sha256(body.map(([key, text]) => `${key}=${text}`).join('\n'));
  return fact;
}

function edgeEntries(value: ts.Expression, roles: ObjectRoles, owner: string, c: FrameworkContext): { refs: RefFact[]; invalid: InvalidRefFact[] } {
  const refs: RefFact[] = [];
  const invalid: InvalidRefFact[] = [];
  const entry = (expression: ts.Expression, key: string): void => {
    const node = unwrap(expression);
    const special = roles.entry?.(node, c);
    if (special) {
      if ('name' in special) refs.push(special);
      else invalid.push(special);
      return;
    }
    const ref = readRef(node, c) ?? c.inline(node, owner, key);
    if (ref) refs.push(ref);
    else invalid.push({ ...c.position(expression), text: truncate(expression.getText(c.sf)) });
  };
  const node = unwrap(value);
  if (ts.isArrayLiteralExpression(node)) {
    node.elements.forEach((element, index) => {
      if (ts.isSpreadElement(element)) {
        const ref = readRef(unwrap(element.expression), c);
        if (ref) refs.push(ref);
        else invalid.push({ ...c.position(element), text: truncate(element.getText(c.sf)) });
      } else entry(element, String(index));
    });
  } else if (ts.isObjectLiteralExpression(node)) {
    for (const property of node.properties) {
      if (ts.isShorthandPropertyAssignment(property)) entry(property.name, property.name.text);
      else if (ts.isPropertyAssignment(property)) entry(property.initializer, propertyKey(property.name) ?? String(refs.length));
      else if (ts.isSpreadAssignment(property)) {
        const ref = readRef(unwrap(property.expression), c);
        if (ref) refs.push(ref);
        else invalid.push({ ...c.position(property), text: truncate(property.getText(c.sf)) });
      } else invalid.push({ ...c.position(property), text: truncate(property.getText(c.sf)) });
    }
  } else {
    entry(node, '0');
  }
  return { refs, invalid };
}

/** A function body being read for definitions made inside it. */
interface Scope {
  /** Names the definitions inside it are bound under (`main.agent`). */
  owner: string;
  /** What the warnings say about where a construct sits. */
  where: string;
  /** Local names of definitions read in this scope and the scopes around it → their bindings. */
  locals: Map<string, string>;
  facts: DefinitionFact[];
  inLoop: boolean;
}

/**
 * Definitions made inside functions (`async function main() { const agent = new Agent({…}) }`),
 * read where their id is a literal, under the binding `function.variable`; references between
 * them inside the function become edges. Any other call of a definer that nothing consumed (a
 * dynamic name, a loop, an expression ca does not follow) is reported as unread.
 */
function readNested(
  adapter: FrameworkAdapter,
  locals: ReadonlyMap<string, string>,
  consumed: Set<ts.Node>,
  unreadReasons: ReadonlyMap<ts.Node, string>,
  c: FrameworkContext,
  result: FrameworkFileFacts,
): void {
  /** `const main = async () => {…}`: the arrow goes by the variable's name. */
  const names = new Map<ts.Node, string>();
  const visit = (node: ts.Node, scope: Scope | undefined): void => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer) names.set(unwrap(node.initializer), node.name.text);
    if (scope && !scope.inLoop && ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer) {
      const call = frameworkCallOf(node.initializer, locals);
      if (call && !consumed.has(call.node)) {
        const binding = `${scope.owner}.${node.name.text}`;
        const fact = adapter.definition(binding, node, call, c);
        if (fact && fact.name.kind === 'literal') {
          consumed.add(call.node);
          result.definitions.push(fact);
          scope.locals.set(node.name.text, binding);
          scope.facts.push(fact);
        }
      }
    }
    if ((ts.isCallExpression(node) || ts.isNewExpression(node)) && !consumed.has(node)) {
      const callee = calleeOf(node.expression, locals);
      if (callee && (callee.member === undefined || callee.member === 'create') && adapter.definers.has(callee.callee)) {
        result.unread.push({
          ...c.position(node),
          framework: adapter.id,
          construct: `${ts.isNewExpression(node) ? 'new ' : ''}${callee.callee}${callee.member ? `.${callee.member}` : ''}`,
          reason: unreadReasons.get(node) ?? scope?.where ?? 'it is not bound to a module-level name ca can follow',
        });
      }
    }
    if (ts.isFunctionLike(node)) {
      const own = (node as ts.FunctionLikeDeclaration).name;
      const name = own && ts.isIdentifier(own) ? own.text : names.get(node);
      const inner: Scope = {
        owner: name ?? scope?.owner ?? `fn@${c.position(node).line}`,
        where: scope?.inLoop ? scope.where : name ? `it is built inside function ${name}` : (scope?.where ?? 'it is built inside a function'),
        locals: new Map(scope?.locals),
        facts: [],
        inLoop: scope?.inLoop ?? false,
      };
      ts.forEachChild(node, (child) => visit(child, inner));
      relinkLocals(inner);
      return;
    }
    if (ts.isForStatement(node) || ts.isForOfStatement(node) || ts.isForInStatement(node) || ts.isWhileStatement(node) || ts.isDoStatement(node)) {
      const around: Scope = scope ?? { owner: 'module', where: '', locals: new Map(), facts: [], inLoop: false };
      const inner: Scope = { ...around, where: 'it is built inside a loop', inLoop: true };
      ts.forEachChild(node, (child) => visit(child, inner));
      return;
    }
    ts.forEachChild(node, (child) => visit(child, scope));
  };
  visit(c.sf, undefined);
}

/** References to definitions made in the same function (`tools: [localTool]`) point at them. */
function relinkLocals(scope: Scope): void {
  for (const fact of scope.facts) {
    for (const list of [fact.uses, fact.handoffs]) {
      for (const ref of list?.refs ?? []) {
        const binding = ref.member === undefined ? scope.locals.get(ref.name) : undefined;
        if (binding === undefined) continue;
        ref.name = binding;
        ref.inline = true;
      }
    }
  }
}

function truncate(text: string): string {
  const line = text.replace(/\s+/g, ' ');
  return line.length > 60 ? `${line.slice(0, 57)}...` : line;
}


