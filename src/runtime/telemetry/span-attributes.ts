import { SpanKind, SpanStatusCode, type Attributes, type SpanStatus } from '@opentelemetry/api';
import { ATTR_ERROR_TYPE } from '@opentelemetry/semantic-conventions';
import type { SpanKind as CaSpanKind, RunStatus, TokenUsage, TraceError } from '../../core/trace.js';

/**
 * How one of ca's spans reads in OpenTelemetry: its name, kind, status and attributes, after the
 * GenAI semantic conventions (development status; the names of semantic-conventions v1.41, the
 * last release that held them before they moved to their own repository). The gen_ai.* names are
 * copied here rather than imported from the package's `incubating` entry point, as the
 * OpenTelemetry JS docs advise for attributes that may still change.
 */
export const GEN_AI = {
  operation: 'gen_ai.operation.name',
  provider: 'gen_ai.provider.name',
  requestModel: 'gen_ai.request.model',
  responseModel: 'gen_ai.response.model',
  inputTokens: 'gen_ai.usage.input_tokens',
  outputTokens: 'gen_ai.usage.output_tokens',
  toolName: 'gen_ai.tool.name',
  toolType: 'gen_ai.tool.type',
  toolArguments: 'gen_ai.tool.call.arguments',
  toolResult: 'gen_ai.tool.call.result',
  agentName: 'gen_ai.agent.name',
  workflowName: 'gen_ai.workflow.name',
  conversation: 'gen_ai.conversation.id',
  inputMessages: 'gen_ai.input.messages',
  outputMessages: 'gen_ai.output.messages',
} as const;

/** What a span was, as the converter collected it from its start and end events. */
export interface SpanFacts {
  runId: string;
  /** ca's id of the span (`s4`, `g2.s0`). */
  caId: string;
  /** ca's label: a node's name, `round 2`, an approval's prompt. */
  name: string;
  kind: CaSpanKind;
  attempt?: number;
  attempts?: number;
  mcp?: { server: string; tool: string };
  sessionId?: string;
  status: Exclude<RunStatus, 'queued' | 'running'>;
  error?: TraceError;
  tokens?: TokenUsage;
  costUsd?: number;
  /** `provider:model` of the model call this span is, or (an agent) of the first call it made. */
  model?: string;
  input?: unknown;
  output?: unknown;
}

type Operation = 'chat' | 'execute_tool' | 'invoke_agent' | 'invoke_workflow';

const OPERATIONS: Partial<Record<CaSpanKind, Operation>> = {
  tool: 'execute_tool',
  agent: 'invoke_agent',
  flow: 'invoke_workflow',
  // A reasoner is one model call; so is an agent's round (the tools it asked for are its children), and a restored model answer.
  reasoner: 'chat',
  round: 'chat',
  model: 'chat',
};

/** The longest content attribute sent, in characters: values are bounded already, this bounds their JSON. */
const MAX_CONTENT = 16_384;

/** A span as OpenTelemetry has it. */
export interface SpanDescription {
  name: string;
  kind: SpanKind;
  status: SpanStatus;
  attributes: Attributes;
}

/**
 * Name, kind, status and attributes of a span; inputs and outputs only with `content`.
 * Names: `{gen_ai.operation.name} {target}` as the conventions write them (`execute_tool
 * lookup_ticket`, `invoke_agent concierge`, `chat gpt-4o-mini`), else `{ca kind} {name}`; ca's own
 * label is `ca.span.name` where no gen_ai.* name attribute carries it.
 */
export function describeSpan(facts: SpanFacts, content: boolean): SpanDescription {
  const operation = OPERATIONS[facts.kind];
  const model = modelOf(facts);
  const attributes: Attributes = { 'ca.run.id': facts.runId, 'ca.span.id': facts.caId, 'ca.span.kind': facts.kind };
  // OK says succeeded; the other endings (failed, cancelled, interrupted, waiting) are told apart here.
  if (facts.status !== 'succeeded') attributes['ca.status'] = facts.status;
  if (facts.attempt !== undefined) {
    attributes['ca.attempt'] = facts.attempt;
    attributes['ca.attempts'] = facts.attempts ?? facts.attempt;
  }
  if (facts.sessionId !== undefined) {
    attributes['ca.session.id'] = facts.sessionId;
    attributes[GEN_AI.conversation] = facts.sessionId;
  }
  if (facts.error) attributes[ATTR_ERROR_TYPE] = facts.error.code;
  if (facts.costUsd !== undefined) attributes['ca.cost_usd'] = facts.costUsd;
  let name: string;
  switch (operation) {
    case 'chat':
      attributes[GEN_AI.operation] = operation;
      // ca's label (the reasoner's name, `round 2`): the conventions name the span for its model.
      attributes['ca.span.name'] = facts.name;
      if (model) {
        attributes[GEN_AI.provider] = model.provider;
        attributes[GEN_AI.requestModel] = model.model;
        attributes[GEN_AI.responseModel] = model.model;
      }
      if (facts.tokens) {
        attributes[GEN_AI.inputTokens] = facts.tokens.input;
        attributes[GEN_AI.outputTokens] = facts.tokens.output;
      }
      name = model ? `chat ${model.model}` : 'chat';
      break;
    case 'execute_tool':
      attributes[GEN_AI.operation] = operation;
      attributes[GEN_AI.toolName] = facts.name;
      attributes[GEN_AI.toolType] = facts.mcp ? 'extension' : 'function';
      name = `execute_tool ${facts.name}`;
      break;
    case 'invoke_agent':
      attributes[GEN_AI.operation] = operation;
      attributes[GEN_AI.agentName] = facts.name;
      if (model) {
        attributes[GEN_AI.provider] = model.provider;
        attributes[GEN_AI.requestModel] = model.model;
      }
      name = `invoke_agent ${facts.name}`;
      break;
    case 'invoke_workflow':
      attributes[GEN_AI.operation] = operation;
      attributes[GEN_AI.workflowName] = facts.name;
      name = `invoke_workflow ${facts.name}`;
      break;
    default:
      // An approval's name is its prompt, which is content: the span is just `approval`.
      if (facts.kind !== 'approval' || content) attributes['ca.span.name'] = facts.name;
      name = facts.kind === 'approval' ? 'approval' : `${facts.kind} ${facts.name}`;
  }
  if (operation !== 'chat' && facts.tokens) {
    // Totals of the span's model calls: under ca.* so that a backend summing gen_ai.usage does not count them twice.
    attributes['ca.usage.input_tokens'] = facts.tokens.input;
    attributes['ca.usage.output_tokens'] = facts.tokens.output;
  }
  if (facts.mcp) {
    attributes['mcp.method.name'] = 'tools/call';
    attributes['ca.mcp.server'] = facts.mcp.server;
    attributes['ca.mcp.tool'] = facts.mcp.tool;
  }
  if (facts.kind === 'approval' && typeof facts.output === 'boolean') attributes['ca.approval.granted'] = facts.output;
  if (content) addContent(attributes, facts, operation);
  return {
    name,
    // A model call and an MCP server's tool leave the process; everything else runs in it (a restored model answer too).
    kind: (operation === 'chat' && facts.kind !== 'model') || facts.mcp ? SpanKind.CLIENT : SpanKind.INTERNAL,
    status: statusOf(facts),
    attributes,
  };
}

/** Shared by every span that succeeded (or waits): exporters only read a span's status. */
const OK: SpanStatus = Object.freeze({ code: SpanStatusCode.OK });
const UNSET: SpanStatus = Object.freeze({ code: SpanStatusCode.UNSET });

function statusOf(facts: SpanFacts): SpanStatus {
  if (facts.status === 'succeeded') return OK;
  // A run parked at an approval did nothing wrong: it waits.
  if (facts.status === 'waiting') return UNSET;
  return { code: SpanStatusCode.ERROR, message: facts.error?.message ?? facts.status };
}

/** Inputs and outputs, as the semantic conventions name them: a tool's arguments and result, the messages of everything else. */
function addContent(attributes: Attributes, facts: SpanFacts, operation: Operation | undefined): void {
  if (operation === 'execute_tool') {
    if (facts.input !== undefined) attributes[GEN_AI.toolArguments] = json(facts.input);
    // The result only of a call that succeeded, as the conventions ask.
    if (facts.output !== undefined && facts.status === 'succeeded') attributes[GEN_AI.toolResult] = json(facts.output);
    return;
  }
  if (facts.kind === 'approval') return;
  if (facts.input !== undefined) attributes[GEN_AI.inputMessages] = json([{ role: 'user', parts: [{ type: 'text', content: text(facts.input) }] }]);
  if (facts.output === undefined) return;
  // An agent's round that asked for tools records their names ({ toolCalls: [...] }): tool-call parts.
  const calls = facts.kind === 'round' ? toolCallNames(facts.output) : undefined;
  attributes[GEN_AI.outputMessages] = json([
    calls
      ? { role: 'assistant', parts: calls.map((name) => ({ type: 'tool_call', name })), finish_reason: 'tool_call' }
      : { role: 'assistant', parts: [{ type: 'text', content: text(facts.output) }], finish_reason: 'stop' },
  ]);
}

/** `openai:gpt-4o-mini` → provider openai, model gpt-4o-mini. A restored model answer's span is named for its model. */
function modelOf(facts: SpanFacts): { provider: string; model: string } | undefined {
  const id = facts.model ?? (facts.kind === 'model' ? facts.name : undefined);
  if (id === undefined) return undefined;
  const at = id.indexOf(':');
  return at > 0 ? { provider: id.slice(0, at), model: id.slice(at + 1) } : { provider: 'unknown', model: id };
}

function toolCallNames(output: unknown): string[] | undefined {
  if (typeof output !== 'object' || output === null || Array.isArray(output)) return undefined;
  const calls = (output as { toolCalls?: unknown }).toolCalls;
  return Array.isArray(calls) && calls.every((call) => typeof call === 'string') && Object.keys(output).length === 1 ? calls : undefined;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function json(value: unknown): string {
  const out = JSON.stringify(value) ?? 'null';
  return out.length > MAX_CONTENT ? `${out.slice(0, MAX_CONTENT)}… ${(out.length - MAX_CONTENT).toLocaleString('en-US')} more characters` : out;
}
