import ts from '../typescript.cjs';
import type { AttachmentFact, DefinitionFact } from '../file-facts.js';
import type { FrameworkAdapter, FrameworkCall, FrameworkContext, ObjectRoles } from './framework-adapter.js';

/** Calls whose first argument is the agent they stand for: `handoff(agent, {…})`. */
const AGENT_WRAPPERS = new Set(['handoff']);
/** Hosted tools run by OpenAI, not by the project: nothing to follow, nothing to warn about. */
const HOSTED_TOOLS = /^(webSearchTool|fileSearchTool|codeInterpreterTool|imageGenerationTool|computerTool|hostedMcpTool|shellTool|applyPatchTool)$/;

const AGENT_ROLES: ObjectRoles = {
  id: ['name'],
  description: ['handoffDescription'],
  body: ['instructions', 'prompt'],
  edges: { tools: 'uses', handoffs: 'handoff' },
  model: 'model',
  entry(expression, c) {
    // `billingAgent.asTool({ toolName, toolDescription })`: the agent, used as a tool.
    if (ts.isCallExpression(expression) && ts.isPropertyAccessExpression(expression.expression) && expression.expression.name.text === 'asTool') {
      return c.ref(expression.expression.expression);
    }
    if (!ts.isCallExpression(expression)) return undefined;
    const call = c.frameworkCall(expression);
    if (call && AGENT_WRAPPERS.has(call.callee) && call.args[0]) return c.ref(call.args[0]);
    if (call && HOSTED_TOOLS.test(call.callee)) {
      c.consume(call.node);
      return { ...c.position(expression), text: call.callee, hosted: true };
    }
    return undefined;
  },
};

const TOOL_ROLES: ObjectRoles = {
  id: ['name'],
  description: ['description'],
  body: ['execute'],
  edges: {},
};

/** A tool without `name` is named after its `execute` function by the SDK; ca uses the binding. */
function named(fact: DefinitionFact, binding: string): DefinitionFact {
  if (fact.name.kind === 'dynamic' && fact.name.text === '' && !binding.includes('.') && binding !== 'default') {
    fact.name = { kind: 'literal', value: binding };
    fact.framework!.nameFromBinding = true;
  }
  return fact;
}

/**
 * OpenAI Agents JS (`@openai/agents`): `new Agent({…})`, `Agent.create({…})`, `RealtimeAgent`,
 * `tool({ name, parameters, execute })`; `tools` are uses-edges (`agent.asTool()` included),
 * `handoffs` (and `handoff(agent)`) handoff edges, also when assigned after construction.
 */
export const openaiAgents: FrameworkAdapter = {
  id: 'openai',
  packages: ['@openai/agents', '@openai/agents-core', '@openai/agents-openai', '@openai/agents-realtime'],
  definers: new Set(['Agent', 'RealtimeAgent', 'tool']),
  definition(binding, anchor, call, c) {
    const object = objectArgument(call);
    if (!object) return undefined;
    if ((call.callee === 'Agent' || call.callee === 'RealtimeAgent') && (call.isNew || call.member === 'create')) {
      const term = call.member === 'create' ? `${call.callee}.create` : `new ${call.callee}`;
      return c.readObject(object, { binding, anchor, node: anchor, kind: 'agent', term }, AGENT_ROLES);
    }
    if (call.callee === 'tool' && !call.isNew && call.member === undefined) {
      return named(c.readObject(object, { binding, anchor, node: anchor, kind: 'tool', term: 'tool' }, TOOL_ROLES), binding);
    }
    return undefined;
  },
  statement(statement, c) {
    readAssignment(statement, c);
  },
  statementsAnywhere: true,
};

function objectArgument(call: FrameworkCall): ts.ObjectLiteralExpression | undefined {
  const first = call.args[0];
  return first && ts.isObjectLiteralExpression(first) && call.chain.length === 0 ? first : undefined;
}

/** `faqAgent.handoffs = [triageAgent]`, `triageAgent.handoffs.push(faqAgent)`, `agent.tools = […]`. */
function readAssignment(statement: ts.ExpressionStatement, c: FrameworkContext): void {
  const expression = statement.expression;
  let target: ts.Expression | undefined;
  let property: string | undefined;
  let values: readonly ts.Expression[] = [];
  if (ts.isBinaryExpression(expression) && expression.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(expression.left)) {
    target = expression.left.expression;
    property = expression.left.name.text;
    values = [expression.right];
  } else if (
    ts.isCallExpression(expression) &&
    ts.isPropertyAccessExpression(expression.expression) &&
    expression.expression.name.text === 'push' &&
    ts.isPropertyAccessExpression(expression.expression.expression)
  ) {
    target = expression.expression.expression.expression;
    property = expression.expression.expression.name.text;
    values = expression.arguments;
  }
  const edge = property === 'handoffs' ? 'handoff' : property === 'tools' ? 'uses' : undefined;
  const ref = target && edge ? c.ref(target) : undefined;
  if (!ref || !edge) return;
  const attachment: AttachmentFact = { ...c.position(statement), framework: 'openai', target: ref, edge, refs: [], invalid: [] };
  for (const value of values) {
    const entries = c.edgeEntries(value, AGENT_ROLES, ref.name);
    attachment.refs.push(...entries.refs);
    attachment.invalid.push(...entries.invalid);
  }
  c.addAttachment(attachment);
}
