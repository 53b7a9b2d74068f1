import ts from './typescript.cjs';
import { sha256 } from '../core/hash.js';
import type { JsonValue } from '../core/node.js';
import { collectReferences } from './collect-references.js';
import type {
  CtxCallFact,
  DeclarationFact,
  DefinitionFact,
  ExportFact,
  FileFacts,
  ImportFact,
  InvalidRefFact,
  NameFact,
  Position,
  RefFact,
} from './file-facts.js';
import { normalizedRange, tokenize, type TokenStream } from './normalize-code.js';
import { NOT_LITERAL, propertyKey, readLiteral } from './read-literal.js';
import { readLintDirectives } from './read-lint-directives.js';

/** Properties that are the definition's behaviour: they make up the `body` fingerprint. */
const BEHAVIOUR_KEYS = new Set(['run', 'turn', 'init', 'instructions', 'system']);
/** Properties read into their own node fields rather than `config`. */
const FIELD_KEYS = new Set(['name', 'tags', 'description', 'uses', 'agent']);

export interface ExtractOptions {
  /** Whether a callee imported from this module could be (or re-export) the SDK's factories. */
  isCandidateModule(specifier: string): boolean;
}

const SCRIPT_KINDS: Record<string, ts.ScriptKind> = {
  '.ts': ts.ScriptKind.TS,
  '.mts': ts.ScriptKind.TS,
  '.cts': ts.ScriptKind.TS,
  '.tsx': ts.ScriptKind.TSX,
  '.js': ts.ScriptKind.JS,
  '.mjs': ts.ScriptKind.JS,
  '.cjs': ts.ScriptKind.JS,
  '.jsx': ts.ScriptKind.JSX,
};

/**
 * Parses one file and reads its facts. Never executes it; never throws on bad syntax.
 * This is the hot path of a cold scan, so it works on the TypeScript AST that ts-morph bundles
 * (`ts-morph`'s `ts`) directly rather than through ts-morph's node wrappers, which would allocate
 * a wrapper per visited node (measured: about a third of the cold time on 2,000 files).
 */
export function extractFileFacts(file: string, text: string, options: ExtractOptions): FileFacts {
  const extension = file.slice(file.lastIndexOf('.'));
  // JSDoc is never read: skipping its parse is a measurable share of a cold scan.
  const sf = ts.createSourceFile(
    file,
    text,
    { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone },
    false, // no parent links: nothing reads them (collect-references passes parents down)
    SCRIPT_KINDS[extension] ?? ts.ScriptKind.TS,
  );
  return readFacts(file, sf, options);
}

function readFacts(file: string, sf: ts.SourceFile, options: ExtractOptions): FileFacts {
  const jsx = file.endsWith('x');
  const position = (node: ts.Node): Position => {
    const { line, character } = sf.getLineAndCharacterOfPosition(node.getStart(sf));
    return { line: line + 1, column: character + 1 };
  };
  const parseDiagnostics = (sf as unknown as { parseDiagnostics?: ts.DiagnosticWithLocation[] }).parseDiagnostics ?? [];
  if (parseDiagnostics.length > 0) {
    return {
      file,
      parseErrors: parseDiagnostics.slice(0, 5).map((d) => {
        const { line, character } = sf.getLineAndCharacterOfPosition(d.start);
        return { line: line + 1, column: character + 1, message: ts.flattenDiagnosticMessageText(d.messageText, ' ') };
      }),
      imports: [],
      exports: [],
      declarations: [],
      definitions: [],
      lintDirectives: readLintDirectives(sf.text),
    };
  }

  const imports = readImports(sf);
  const exports = readExports(sf);
  const tokens: TokenStream = tokenize(sf.text, jsx);
  const normalized = (node: ts.Node): string => normalizedRange(tokens, node.getStart(sf), node.end);
  const namespaces = new Set(imports.filter((i) => i.imported === '*').map((i) => i.local));
  const candidateImports = new Set(imports.filter((i) => options.isCandidateModule(i.module)).map((i) => i.local));

  // Top-level value declarations, and the names the module scope holds.
  const declared: { name: string; node: ts.Node; initializer?: ts.Expression; isConst: boolean }[] = [];
  let defaultExpression: ts.Expression | undefined;
  for (const statement of sf.statements) {
    if (ts.isVariableStatement(statement)) {
      const isConst = (statement.declarationList.flags & ts.NodeFlags.Const) !== 0;
      for (const declaration of statement.declarationList.declarations) {
        for (const name of bindingNames(declaration.name)) {
          declared.push({ name, node: declaration, initializer: ts.isIdentifier(declaration.name) ? declaration.initializer : undefined, isConst });
        }
      }
    } else if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) && statement.name) {
      declared.push({ name: statement.name.text, node: statement, isConst: false });
    } else if (ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) {
      declared.push({ name: 'default', node: statement, isConst: false });
    } else if (ts.isEnumDeclaration(statement)) {
      declared.push({ name: statement.name.text, node: statement, isConst: false });
    } else if (ts.isExportAssignment(statement) && !statement.isExportEquals) {
      defaultExpression = statement.expression;
    }
  }
  const moduleNames = new Set<string>([...declared.map((d) => d.name), ...imports.map((i) => i.local)]);
  // `const X = <literal>` of this file: usable as names, tags, descriptions and config values.
  const constValues = new Map<string, JsonValue>();
  for (const d of declared) {
    const value = d.isConst && d.initializer ? readLiteral(d.initializer, new Map()) : NOT_LITERAL;
    if (value !== NOT_LITERAL) constValues.set(d.name, value);
  }

  const declarations: DeclarationFact[] = declared.map((d) => {
    const fact: DeclarationFact = {
      name: d.name,
      line: position(d.node).line,
      hash: sha256(stripExport(normalized(d.node))),
      refs: collectReferences(d.node, moduleNames, namespaces).filter((r) => r !== d.name),
    };
    const constValue = constValues.get(d.name);
    if (constValue !== undefined) fact.constValue = constValue;
    return fact;
  });
  if (defaultExpression && !ts.isIdentifier(defaultExpression)) {
    declarations.push({
      name: 'default',
      line: position(defaultExpression).line,
      hash: sha256(normalized(defaultExpression)),
      refs: collectReferences(defaultExpression, moduleNames, namespaces),
    });
  }

  // A definition's references are its declaration's (the call adds only the factory, which resolves to the SDK).
  const refsByName = new Map(declarations.map((d) => [d.name, d.refs]));
  const context: DefinitionContext = { sf, normalized, position, moduleNames, namespaces, candidateImports, constValues, refsByName };
  const definitions: DefinitionFact[] = [];
  for (const d of declared) {
    if (!d.initializer) continue;
    const definition = readDefinition(d.name, d.node, d.initializer, context);
    if (definition) definitions.push(definition);
  }
  if (defaultExpression) {
    const definition = readDefinition('default', defaultExpression, defaultExpression, context);
    if (definition) definitions.push(definition);
  }
  if (defaultExpression && ts.isIdentifier(defaultExpression)) {
    exports.push({ exported: 'default', local: defaultExpression.text });
  } else if (defaultExpression) {
    exports.push({ exported: 'default', local: 'default' });
  }

  return { file, parseErrors: [], imports, exports, declarations, definitions, lintDirectives: readLintDirectives(sf.text) };
}

function bindingNames(name: ts.BindingName): string[] {
  if (ts.isIdentifier(name)) return [name.text];
  const names: string[] = [];
  for (const element of name.elements) {
    if (ts.isBindingElement(element)) names.push(...bindingNames(element.name));
  }
  return names;
}

function stripExport(normalized: string): string {
  return normalized.replace(/^(export (default )?)/, '');
}

function moduleName(specifier: ts.Expression | undefined): string | undefined {
  return specifier && ts.isStringLiteralLike(specifier) ? specifier.text : undefined;
}

function readImports(sf: ts.SourceFile): ImportFact[] {
  const imports: ImportFact[] = [];
  for (const statement of sf.statements) {
    if (!ts.isImportDeclaration(statement) || !statement.importClause || statement.importClause.isTypeOnly) continue;
    const module = moduleName(statement.moduleSpecifier);
    if (module === undefined) continue;
    const clause = statement.importClause;
    if (clause.name) imports.push({ local: clause.name.text, imported: 'default', module });
    const bindings = clause.namedBindings;
    if (bindings && ts.isNamespaceImport(bindings)) imports.push({ local: bindings.name.text, imported: '*', module });
    if (bindings && ts.isNamedImports(bindings)) {
      for (const element of bindings.elements) {
        if (element.isTypeOnly) continue;
        imports.push({ local: element.name.text, imported: (element.propertyName ?? element.name).text, module });
      }
    }
  }
  return imports;
}

function readExports(sf: ts.SourceFile): ExportFact[] {
  const exports: ExportFact[] = [];
  for (const statement of sf.statements) {
    if (ts.isExportDeclaration(statement)) {
      if (statement.isTypeOnly) continue;
      const module = moduleName(statement.moduleSpecifier);
      const clause = statement.exportClause;
      if (!clause) {
        if (module !== undefined) exports.push({ exported: '*', module });
      } else if (ts.isNamespaceExport(clause)) {
        if (module !== undefined) exports.push({ exported: clause.name.text, imported: '*', module });
      } else {
        for (const element of clause.elements) {
          if (element.isTypeOnly) continue;
          const name = (element.propertyName ?? element.name).text;
          const exported = element.name.text;
          exports.push(module === undefined ? { exported, local: name } : { exported, imported: name, module });
        }
      }
      continue;
    }
    if (!ts.canHaveModifiers(statement)) continue;
    const modifiers = ts.getModifiers(statement) ?? [];
    if (!modifiers.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) continue;
    const isDefault = modifiers.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
    if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        for (const name of bindingNames(declaration.name)) exports.push({ exported: name, local: name });
      }
    } else if (ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement) || ts.isEnumDeclaration(statement)) {
      const name = statement.name?.text ?? 'default';
      exports.push({ exported: isDefault ? 'default' : name, local: name });
    }
  }
  return exports;
}

interface DefinitionContext {
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

function unwrap(expression: ts.Expression): ts.Expression {
  let current = expression;
  while (ts.isParenthesizedExpression(current) || ts.isAsExpression(current) || ts.isSatisfiesExpression(current)) {
    current = current.expression;
  }
  return current;
}

function readDefinition(binding: string, anchor: ts.Node, initializer: ts.Expression, c: DefinitionContext): DefinitionFact | undefined {
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
  for (const property of object.properties) {
    if (ts.isSpreadAssignment(property)) {
      // '...' in properties tells rules that any property may hide in the spread.
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
      if (ts.isMethodDeclaration(property)) fact.ctxCalls.push(...readCtxCalls(property, key, c));
      continue;
    }
    const value = ts.isShorthandPropertyAssignment(property)
      ? property.name
      : ts.isPropertyAssignment(property)
        ? property.initializer
        : undefined;
    if (!value) continue;
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
  }
  if (!hasName) fact.name = { kind: 'dynamic', text: '' };
  body.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  fact.bodyHash = sha256(body.map(([key, text]) => `${key}=${text}`).join('\n'));
  return fact;
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

function readName(node: ts.Expression, c: DefinitionContext): NameFact {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return { kind: 'literal', value: node.text };
  const ref = readRef(node, c);
  if (ref) {
    const local = ref.member === undefined ? c.constValues.get(ref.name) : undefined;
    return typeof local === 'string' ? { kind: 'literal', value: local } : { kind: 'ref', ref };
  }
  return { kind: 'dynamic', text: node.getText(c.sf) };
}

function readRef(node: ts.Expression, c: DefinitionContext): RefFact | undefined {
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
