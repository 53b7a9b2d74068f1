import ts from '../typescript.cjs';
import type { JsonValue } from '../../core/node.js';
import { readLiteral } from '../read-literal.js';
import type { DefinitionContext } from '../read-definition.js';

/**
 * A model as the frameworks write it, read as a literal where it is one:
 * - a string (`'gpt-4.1'`, `'openai/gpt-4.1-mini'`, `'openai:gpt-4o'`) as written;
 * - a provider call with a literal model id (`openai('gpt-4o')`, `openai.chat('gpt-4o')`) → `openai:gpt-4o`;
 * - a LangChain chat model (`new ChatOpenAI({ model: 'gpt-4o' })`) → `openai:gpt-4o`.
 * Anything else (a variable, a function of the request) is not a literal: undefined.
 */
export function readModel(node: ts.Expression, c: Pick<DefinitionContext, 'constValues'>): JsonValue | undefined {
  const literal = readLiteral(node, c.constValues);
  if (typeof literal === 'string') return literal;
  if (ts.isCallExpression(node)) {
    const provider = ts.isIdentifier(node.expression)
      ? node.expression.text
      : ts.isPropertyAccessExpression(node.expression) && ts.isIdentifier(node.expression.expression)
        ? node.expression.expression.text
        : undefined;
    const first = node.arguments[0];
    const id = first ? readLiteral(first, c.constValues) : undefined;
    if (provider !== undefined && typeof id === 'string') return `${provider}:${id}`;
  }
  if (ts.isNewExpression(node) && ts.isIdentifier(node.expression)) {
    const match = /^Chat([A-Z]\w*)$/.exec(node.expression.text);
    const options = node.arguments?.[0];
    if (match && options && ts.isObjectLiteralExpression(options)) {
      for (const property of options.properties) {
        if (!ts.isPropertyAssignment(property) || !ts.isIdentifier(property.name)) continue;
        if (property.name.text !== 'model' && property.name.text !== 'modelName') continue;
        const id = readLiteral(property.initializer, c.constValues);
        if (typeof id === 'string') return `${match[1]!.toLowerCase()}:${id}`;
      }
    }
  }
  return undefined;
}
