import ts from './typescript.cjs';
import { sha256 } from '../core/hash.js';
import type { JsonValue } from '../core/node.js';
import { collectReferences } from './collect-references.js';
import type { CtxCallFact, DefinitionFact, InvalidRefFact, NameFact, Position, RefFact } from './file-facts.js';
import { NOT_LITERAL, propertyKey, readLiteral } from './read-literal.js';

/** Properties that are the definition's behaviour: they make up the `body` fingerprint. */
const BEHAVIOUR_KEYS = new Set(['run', 'turn', 'init', 'instructions', 'system']);
/** Properties read into their own node fields rather than `config`. */
const FIELD_KEYS = new Set(['name', 'tags', 'description', 'uses', 'agent']);

export interface DefinitionContext {
  sf: ts.SourceFile;
  /** The node's code, normalised (tokens joined by single spaces). */
  normalized(node: ts.Node): string;
  position(node: ts.Node): Position;
  moduleNames: ReadonlySet<string>;
  namespaces: ReadonlySet<string>;
  candidateImports: ReadonlySet<string>;
  constValues: ReadonlyMap<string, JsonValue>;
  refsByName: ReadonlyMap<string, string[]>;
}

export function unwrap(expression: ts.Expression): ts.Expression {
  let current = expression;
  while (ts.isParenthesizedExpression(current) || ts.isAsExpression(current) || ts.isSatisfiesExpression(current)) {
    current = current.expression;
  }
  return current;
}

/** A top-level `X({ … })` call whose callee may be an SDK factory, read into its facts (or undefined). */
export function readDefinition(binding: string, anchor: ts.Node, initializer: ts.Expression, c: DefinitionContext): DefinitionFact | undefined {
  const call = unwrap(initializer);
  if (!ts.isCallExpression(call)) return undefined;
  const factory = calleeOf(call.expression, c);
  if (!factory) return undefined;
  const argument = call.arguments[0];
  const anchorName = ts.isVariableDeclaration(anchor) ? anchor.name : anchor;
  if (!argument || !ts.isObjectLiteralExpression(unwrap(argument))) {
    return {
      ...c.position(anchorName),
      binding,
      invalid: argument ? `its argument (${truncate(argument.getText(c.sf))}) is not an object literal` : 'it has no argument',
      endLine: c.sf.getLineAndCharacterOfPosition(anchor.getEnd()).line + 1,
      factory,
      name: { kind: 'dynamic', text: '' },
      tags: [],
      config: {},
      configExprs: {},
      bodyHash: '',
      refs: [],
      ctxCalls: [],
      dynamicProperties: [],
      constantRefs: [],
      properties: [],
      prompts: {},
    };
  }
  const object = unwrap(argument) as ts.ObjectLiteralExpression;

  const fact: DefinitionFact = {
    ...c.position(anchorName),
    binding,
    endLine: c.sf.getLineAndCharacterOfPosition(anchor.getEnd()).line + 1,
    factory,
    name: { kind: 'dynamic', text: '(no name property)' },
    tags: [],
    config: {},
    configExprs: {},
    bodyHash: '',
    refs: c.refsByName.get(binding) ?? collectReferences(object, c.moduleNames, c.namespaces),
    ctxCalls: [],
    dynamicProperties: [],
    constantRefs: [],
    properties: [],
    prompts: {},
  };
  let hasName = false;
  const body: [string, string][] = [];
  readProperties(object, fact, body, c, (key, value) => {
    const valueNode = unwrap(value);
    if (key === 'name') {
      hasName = true;
      fact.name = readName(valueNode, c);
    } else if (key === 'tags') {
      const tags = readLiteral(valueNode, c.constValues);
      if (Array.isArray(tags) && tags.every((t) => typeof t === 'string')) fact.tags = tags as string[];
      else if (!constantRef(key, valueNode, value, fact, c)) fact.dynamicProperties.push({ ...c.position(value), property: key, text: value.getText(c.sf) });
    } else if (key === 'description') {
      const description = readLiteral(valueNode, c.constValues);
      if (typeof description === 'string') fact.description = description;
      else {
        if (!constantRef(key, valueNode, value, fact, c)) fact.dynamicProperties.push({ ...c.position(value), property: key, text: value.getText(c.sf) });
        fact.configExprs[key] = c.normalized(value);
      }
    } else if (key === 'uses') {
      fact.uses = readUses(valueNode, c);
    } else if (key === 'agent') {
      const ref = readRef(valueNode, c);
      if (ref) fact.agent = ref;
      else fact.dynamicProperties.push({ ...c.position(value), property: key, text: value.getText(c.sf) });
    } else if (key === 'server' && readRef(valueNode, c)) {
      // An mcpTool's server (SPEC §12): an edge, like `uses`. Any other factory's `server` is config as ever.
      fact.server = readRef(valueNode, c);
    } else if (BEHAVIOUR_KEYS.has(key) || ts.isFunctionLike(valueNode)) {
      body.push([key, c.normalized(value)]);
      const prompt = readLiteral(valueNode, c.constValues);
      if (typeof prompt === 'string') fact.prompts[key] = prompt;
      if (ts.isFunctionLike(valueNode)) fact.ctxCalls.push(...readCtxCalls(valueNode, key, c));
    } else if (!FIELD_KEYS.has(key)) {
      const literal = readLiteral(valueNode, c.constValues);
      if (literal === NOT_LITERAL) {
        fact.configExprs[key] = c.normalized(value);
        constantRef(key, valueNode, value, fact, c);
      } else {
        fact.config[key] = literal as JsonValue;
      }
    }
  }, (property, key) => {
    if (ts.isMethodDeclaration(property)) fact.ctxCalls.push(...readCtxCalls(property, key, c));
  });
  if (!hasName) fact.name = { kind: 'dynamic', text: '' };
  body.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  fact.bodyHash = sha256(body.map(([key, text]) => `${key}=${text}`).join('\n'));
  return fact;
}

/**
 * The properties of a definition object, with what every reader of one records: a spread or a
 * computed key is a dynamic property (`'...'` in `properties` tells rules that any property may
 * hide in the spread), every key goes into `properties`, and a method or accessor is behaviour
 * (`body`; `onMethod` may read more of it). `visit` gets the rest: the key and the value written
 * (a shorthand's name, an assignment's initializer).
 */
export function readProperties(
  object: ts.ObjectLiteralExpression,
  fact: DefinitionFact,
  body: [string, string][],
  c: DefinitionContext,
  visit: (key: string, value: ts.Expression) => void,
  onMethod?: (property: ts.MethodDeclaration | ts.AccessorDeclaration, key: string) => void,
): void {
  for (const property of object.properties) {
    if (ts.isSpreadAssignment(property)) {
      fact.properties.push('...');
      fact.dynamicProperties.push({ ...c.position(property), property: '...', text: property.getText(c.sf) });
      continue;
    }
    const key = property.name ? propertyKey(property.name as ts.PropertyName) : undefined;
    if (key === undefined) {
      fact.dynamicProperties.push({ ...c.position(property), property: '[computed]', text: property.getText(c.sf) });
      continue;
    }
    fact.properties.push(key);
    if (ts.isMethodDeclaration(property) || ts.isGetAccessorDeclaration(property) || ts.isSetAccessorDeclaration(property)) {
      body.push([key, c.normalized(property)]);
      onMethod?.(property, key);
      continue;
    }
    const value = ts.isShorthandPropertyAssignment(property) ? property.name : ts.isPropertyAssignment(property) ? property.initializer : undefined;
    if (value) visit(key, value);
  }
}

function truncate(text: string): string {
  const line = text.replace(/\s+/g, ' ');
  return line.length > 40 ? `${line.slice(0, 37)}...` : line;
}

function calleeOf(callee: ts.Expression, c: DefinitionContext): DefinitionFact['factory'] | undefined {
  if (ts.isIdentifier(callee)) {
    return c.candidateImports.has(callee.text) ? { name: callee.text } : undefined;
  }
  if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && ts.isIdentifier(callee.name)) {
    const namespace = callee.expression.text;
    return c.candidateImports.has(namespace) && c.namespaces.has(namespace) ? { name: namespace, member: callee.name.text } : undefined;
  }
  return undefined;
}

/** A property given by a constant of another module (`model: DEFAULT_MODEL`): resolved when linking. */
function constantRef(key: string, node: ts.Expression, value: ts.Expression, fact: DefinitionFact, c: DefinitionContext): boolean {
  const ref = readRef(node, c);
  if (!ref) return false;
  fact.constantRefs.push({ ...ref, property: key, line: c.position(value).line, column: c.position(value).column });
  return true;
}

export function readName(node: ts.Expression, c: DefinitionContext): NameFact {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return { kind: 'literal', value: node.text };
  const ref = readRef(node, c);
  if (ref) {
    const local = ref.member === undefined ? c.constValues.get(ref.name) : undefined;
    return typeof local === 'string' ? { kind: 'literal', value: local } : { kind: 'ref', ref };
  }
  return { kind: 'dynamic', text: node.getText(c.sf) };
}

export function readRef(node: ts.Expression, c: DefinitionContext): RefFact | undefined {
  const text = node.getText(c.sf);
  if (ts.isIdentifier(node)) return { ...c.position(node), name: node.text, text };
  if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression) && ts.isIdentifier(node.name)) {
    return { ...c.position(node), name: node.expression.text, member: node.name.text, text };
  }
  return undefined;
}

function readUses(node: ts.Expression, c: DefinitionContext): { refs: RefFact[]; invalid: InvalidRefFact[] } {
  const refs: RefFact[] = [];
  const invalid: InvalidRefFact[] = [];
  if (!ts.isArrayLiteralExpression(node)) {
    invalid.push({ ...c.position(node), text: node.getText(c.sf) });
    return { refs, invalid };
  }
  for (const element of node.elements) {
    const ref = readRef(unwrap(element), c);
    if (ref) refs.push(ref);
    else invalid.push({ ...c.position(element), text: element.getText(c.sf) });
  }
  return { refs, invalid };
}

/**
 * Calls on the context parameter inside a behaviour function (`ctx.call(x, …)`, `ctx.think(x, …)`,
 * `ctx.approve(…)`). Tools receive (input, ctx) and the rest (ctx, …), and the kind is only known
 * after linking, so calls on either of the first two parameters are kept with the parameter's index.
 */
function readCtxCalls(fn: ts.SignatureDeclaration, key: string, c: DefinitionContext): CtxCallFact[] {
  const receivers = new Map<string, number>();
  fn.parameters.slice(0, 2).forEach((parameter, index) => {
    if (ts.isIdentifier(parameter.name)) receivers.set(parameter.name.text, index);
  });
  if (receivers.size === 0) return [];
  const calls: CtxCallFact[] = [];
  const visit = (node: ts.Node): void => {
    if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      ts.isIdentifier(node.expression.expression) &&
      receivers.has(node.expression.expression.text)
    ) {
      const first = node.arguments[0];
      const target = first ? readRef(unwrap(first), c) : undefined;
      const call: CtxCallFact = {
        ...c.position(node),
        function: key,
        parameter: receivers.get(node.expression.expression.text)!,
        method: node.expression.name.text,
      };
      if (target) call.target = target;
      calls.push(call);
    }
    ts.forEachChild(node, visit);
  };
  const body = (fn as { body?: ts.Node }).body;
  if (body) visit(body);
  return calls;
}
