import type { AgentDefinition, Definition } from '../sdk/definition.js';
import { toJsonValue } from '../core/json-value.js';
import { checkBudget, type RoundCost } from './budget.js';
import { grantedCallables } from './capability.js';
import type { RunInterpreter } from './interpreter-api.js';
import type { ChatMessage, ModelResponse, ModelTool, ToolCall } from './models/model-client.js';
import { messageText } from './message-text.js';
import { outsideProjectCode } from './project-code.js';
import { RunError, isCancellation, toTraceError } from './run-errors.js';
import type { Span } from './trace-recorder.js';

/**
 * An agent's controller loop: each round is one model call and the tool calls it asks for, each
 * its own span. The loop is ours, not the SDK's, so every tool call passes the capability check,
 * the approval policy and the trace, and the budget is checked before each round.
 */
export async function runAgent(
  interpreter: RunInterpreter,
  span: Span,
  agent: AgentDefinition,
  input: unknown,
  signal: AbortSignal,
  /** The conversation so far (a session's); the turn's messages are appended to it in place. */
  conversation: ChatMessage[] = [],
  /** Where the model's text goes as it streams (a session's own agent only). */
  onText?: (delta: string) => void,
): Promise<unknown> {
  const callables = grantedCallables(agent);
  const tools = callables.map((def) => toModelTool(interpreter, def));
  const messages = conversation;
  messages.push({ role: 'user', content: messageText(input) });
  const outputSchema = agent.output ? interpreter.jsonSchema(agent.output, 'output') : undefined;
  const policy = interpreter.policyFor(agent);
  // A streamed reply is ca's output (the chat shows it), even for an agent a flow called.
  const streamText = onText ? (delta: string) => outsideProjectCode(() => onText(delta)) : undefined;
  let last: RoundCost | undefined;

  for (let round = 1; ; round++) {
    checkBudget(agent, round, span.usage, messages, last);
    const roundSpan = interpreter.recorder.start(span, { name: `round ${round}`, kind: 'round', key: interpreter.steps.key(span, '', 'round') });
    let usage: { tokens?: { input: number; output: number }; costUsd?: number; model?: string } = {};
    // The round's model call is a step of its own: its answer (text, tool calls, usage) is what a resume restores.
    const modelKey = interpreter.steps.key(roundSpan, '', 'model');
    // The journal attempt of the model call when it runs live; undefined when restored.
    let attempt: number | undefined;
    try {
      const modelInput = { system: agent.instructions, messages };
      const answer = interpreter.steps.consult({ key: modelKey, name: agent.model, kind: 'model', input: modelInput });
      attempt = 'live' in answer ? answer.attempt : undefined;
      if (attempt !== undefined) await interpreter.steps.started({ key: modelKey, name: agent.model, kind: 'model', input: modelInput, attempt });
      const response = 'restore' in answer
        ? ((await interpreter.restore(roundSpan, { name: agent.model, kind: 'model', key: modelKey }, answer)) as unknown as ModelResponse)
        : await interpreter.model(
        roundSpan,
        {
          model: agent.model,
          node: agent.name,
          kind: 'agent',
          system: agent.instructions,
          messages: [...messages],
          ...(tools.length > 0 ? { tools: tools.map((t) => t.tool) } : {}),
          ...(outputSchema === undefined ? {} : { outputSchema }),
          ...(streamText ? { onText: streamText } : {}),
        },
        policy,
        signal,
      );
      // A restored answer was paid for by the run that recorded it: its usage is not spent again.
      if (attempt !== undefined) await interpreter.steps.ended(modelKey, { status: 'succeeded', output: response, attempts: attempt });
      usage = attempt !== undefined ? { tokens: response.usage, costUsd: response.costUsd, model: response.model } : { model: response.model };
      last = { tokens: response.usage.input + response.usage.output, outputTokens: response.usage.output, costUsd: response.costUsd };

      if (response.toolCalls.length === 0) {
        const answer = agent.output ? (response.object ?? parseAnswer(response.text, agent.name)) : response.text;
        messages.push({ role: 'assistant', content: typeof answer === 'string' ? answer : JSON.stringify(toJsonValue(answer) ?? null) });
        interpreter.recorder.end(roundSpan, { status: 'succeeded', output: answer, ...usage });
        return answer;
      }

      messages.push({ role: 'assistant', content: response.text, toolCalls: response.toolCalls });
      for (const call of response.toolCalls) {
        const result = await callForModel(interpreter, roundSpan, agent, callables, tools, call, signal);
        // What the model is sent is the one JSON conversion of the result, the same the trace copies.
        messages.push({ role: 'tool', toolCallId: call.id, toolName: call.name, output: toJsonValue(result.output) ?? null, ...(result.isError ? { isError: true } : {}) });
      }
      interpreter.recorder.end(roundSpan, { status: 'succeeded', output: { toolCalls: response.toolCalls.map((c) => c.name) }, ...usage });
    } catch (error) {
      if (usage.model === undefined && attempt !== undefined) await interpreter.steps.ended(modelKey, { status: isCancellation(error) ? 'cancelled' : 'failed', error: toTraceError(error), attempts: attempt });
      interpreter.fail(roundSpan, error, usage);
      throw error;
    }
  }
}

interface OfferedTool {
  tool: ModelTool;
  /** Whether the model's arguments are `{ input: ... }` around a non-object input. */
  wrapped: boolean;
}

/** Tools take an object of arguments; a definition whose input is not an object is offered as `{ input }`. */
function toModelTool(interpreter: RunInterpreter, def: Definition): OfferedTool {
  // An MCP tool is offered with the contract ca.mcp.lock froze: its own input schema and the server's description.
  const contract = interpreter.mcpContract(def);
  if (contract) {
    const description = def.description ?? contract.description;
    return { tool: { name: def.name, ...(description === undefined ? {} : { description }), inputSchema: contract.inputSchema }, wrapped: false };
  }
  const input = 'input' in def && def.input !== undefined ? interpreter.jsonSchema(def.input, 'input') : undefined;
  const isObject = input !== undefined && input['type'] === 'object';
  const fallback = def.kind === 'agent' && input === undefined ? { type: 'string', description: 'the message for the agent' } : (input ?? {});
  const inputSchema = isObject ? input : { type: 'object', properties: { input: fallback }, required: ['input'], additionalProperties: false };
  return {
    tool: { name: def.name, ...(def.description === undefined ? {} : { description: def.description }), inputSchema },
    wrapped: !isObject,
  };
}

/**
 * Runs one tool call the model asked for. What goes wrong in the tool (a denial, a schema error,
 * a failure) is told to the model as the call's result so it can recover; a cancellation or a
 * budget stop ends the run.
 */
async function callForModel(
  interpreter: RunInterpreter,
  roundSpan: Span,
  agent: AgentDefinition,
  callables: readonly Definition[],
  tools: readonly OfferedTool[],
  call: ToolCall,
  signal: AbortSignal,
): Promise<{ output: unknown; isError: boolean }> {
  const index = callables.findIndex((def) => def.name === call.name);
  const target = callables[index];
  try {
    if (!target) {
      // The model named something outside the grant: the interpreter records and refuses it.
      await interpreter.call(roundSpan, agent, { kind: 'tool', name: call.name, run: () => undefined }, call.args, {}, signal);
      return { output: null, isError: true };
    }
    const policy = agent.approval ?? 'dangerous';
    const gated = policy === 'always' || (policy === 'dangerous' && target.kind === 'tool' && target.effect === 'dangerous');
    if (gated) {
      const approved = await interpreter.approve(roundSpan, `${agent.name} wants to call ${call.name} ${JSON.stringify(toJsonValue(call.args) ?? null)}`, signal, call.name);
      if (!approved) return { output: `A person declined the call to ${call.name}.`, isError: true };
    }
    const args = tools[index]!.wrapped && isRecord(call.args) ? call.args['input'] : call.args;
    return { output: (await interpreter.call(roundSpan, agent, target, args, {}, signal)) ?? null, isError: false };
  } catch (error) {
    if (isCancellation(error) || (error instanceof RunError && error.code === 'budget-exceeded')) throw error;
    return { output: error instanceof Error ? `${error.message}` : String(error), isError: true };
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseAnswer(text: string, agent: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new RunError('model-output', `${agent}'s model answered with text that is not JSON, but ${agent} has an output schema`);
  }
}
