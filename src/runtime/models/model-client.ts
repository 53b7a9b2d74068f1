import type { TokenUsage } from '../../core/trace.js';

/**
 * The one door between the interpreter and any model: real providers (through the Vercel AI SDK),
 * the `fake:` provider, and `--mock` files all implement it. The interpreter owns the agent loop
 * (rounds, budgets, tool execution, approvals); a client makes exactly one model call per request.
 */
export interface ModelClient {
  generate(request: ModelRequest): Promise<ModelResponse>;
  /**
   * Loads what a call to `request.model` needs (the provider's package, its settings) ahead of the
   * call, so that a call's timeout measures the provider and not ca loading its own modules.
   */
  prepare?(request: Pick<ModelRequest, 'model' | 'node' | 'kind'>): Promise<void>;
}

export interface ToolCall {
  /** The provider's id for the call, echoed back in the tool message. */
  id: string;
  /** The node name of the tool, flow or agent the model asked for. */
  name: string;
  args: unknown;
}

/** The conversation as the interpreter keeps it; clients translate it to their provider's shape. */
export type ChatMessage =
  | { role: 'user'; content: string }
  | { role: 'assistant'; content: string; toolCalls?: ToolCall[] }
  | { role: 'tool'; toolCallId: string; toolName: string; output: unknown; isError?: boolean };

/** A definition offered to the model as a tool. */
export interface ModelTool {
  name: string;
  description?: string;
  /** JSON Schema of the arguments (an object schema). */
  inputSchema: Record<string, unknown>;
}

export interface ModelRequest {
  /** `provider:model`, as written in the reasoner or agent. */
  model: string;
  /** The reasoner or agent asking: `--mock` files answer by this name. */
  node: string;
  kind: 'reasoner' | 'agent';
  system?: string;
  messages: ChatMessage[];
  tools?: ModelTool[];
  /** Structured output: the JSON Schema the answer must follow (the reasoner's or agent's `output`). */
  outputSchema?: Record<string, unknown>;
  temperature?: number;
  maxTokens?: number;
  signal: AbortSignal;
  /**
   * The answer's text as it is generated, delta by delta (a chat shows it while it arrives). Only
   * for text answers: with an `outputSchema` the client answers whole. The response still carries
   * the full text.
   */
  onText?: (delta: string) => void;
}

export interface ModelResponse {
  /** The text answer ('' when the model only asked for tools). */
  text: string;
  /** The parsed structured answer, when `outputSchema` was given and no tool calls were made. */
  object?: unknown;
  toolCalls: ToolCall[];
  usage: TokenUsage;
  /** From the provider's token prices; 0 for fake, mock and unpriced models. */
  costUsd: number;
  /** The model that answered (`provider:model`). */
  model: string;
}
