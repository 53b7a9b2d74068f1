import ts from './typescript.cjs';
import type { JsonValue } from '../core/node.js';

/** Marker for "not a literal": distinct from every JSON value, null included. */
export const NOT_LITERAL: unique symbol = Symbol('not-literal');

/**
 * The JSON value of a literal expression (strings, numbers, booleans, null, arrays and objects
 * of those, `as const`/`satisfies` wrappers, constant strings of the same file), else NOT_LITERAL.
 */
export function readLiteral(
  node: ts.Expression,
  constValues: ReadonlyMap<string, JsonValue>,
): JsonValue | typeof NOT_LITERAL {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isNumericLiteral(node)) return Number(node.text);
  if (node.kind === ts.SyntaxKind.TrueKeyword) return true;
  if (node.kind === ts.SyntaxKind.FalseKeyword) return false;
  if (node.kind === ts.SyntaxKind.NullKeyword) return null;
  if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isSatisfiesExpression(node)) {
    return readLiteral(node.expression, constValues);
  }
  if (ts.isPrefixUnaryExpression(node) && ts.isNumericLiteral(node.operand)) {
    if (node.operator === ts.SyntaxKind.MinusToken) return -Number(node.operand.text);
    if (node.operator === ts.SyntaxKind.PlusToken) return Number(node.operand.text);
  }
  if (ts.isIdentifier(node)) {
    const value = constValues.get(node.text);
    return value === undefined ? NOT_LITERAL : value;
  }
  if (ts.isArrayLiteralExpression(node)) {
    const items: JsonValue[] = [];
    for (const element of node.elements) {
      const value = readLiteral(element, constValues);
      if (value === NOT_LITERAL) return NOT_LITERAL;
      items.push(value);
    }
    return items;
  }
  if (ts.isObjectLiteralExpression(node)) {
    const object: Record<string, JsonValue> = {};
    for (const property of node.properties) {
      if (!ts.isPropertyAssignment(property)) return NOT_LITERAL;
      const key = propertyKey(property.name);
      if (key === undefined) return NOT_LITERAL;
      const value = readLiteral(property.initializer, constValues);
      if (value === NOT_LITERAL) return NOT_LITERAL;
      object[key] = value;
    }
    return object;
  }
  return NOT_LITERAL;
}

/** The static name of a property (`a`, `'a'`, `1`), or undefined for a computed one. */
export function propertyKey(name: ts.PropertyName): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name)) return name.text;
  if (ts.isNoSubstitutionTemplateLiteral(name)) return name.text;
  return undefined;
}
