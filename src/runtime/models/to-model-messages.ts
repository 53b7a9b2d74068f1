import type { ModelMessage, ToolResultPart } from 'ai';
import { toJsonValue, type JsonValue } from '../../core/json-value.js';
import type { ChatMessage } from './model-client.js';

/**
 * The interpreter's conversation as AI SDK messages: an assistant turn's tool calls become
 * `tool-call` parts, and consecutive tool results are gathered into one `tool` message (providers
 * want every result of a round together, right after the assistant turn that asked for them).
 * Tool outputs are sent as JSON; errors as `error-text` (a string) or `error-json`.
 */
export function toModelMessages(messages: readonly ChatMessage[]): ModelMessage[] {
  const out: ModelMessage[] = [];
  for (const message of messages) {
    if (message.role === 'user') {
      out.push({ role: 'user', content: message.content });
    } else if (message.role === 'assistant') {
      const calls = message.toolCalls ?? [];
      if (calls.length === 0) {
        out.push({ role: 'assistant', content: message.content });
        continue;
      }
      out.push({
        role: 'assistant',
        content: [
          ...(message.content ? [{ type: 'text' as const, text: message.content }] : []),
          ...calls.map((call) => ({ type: 'tool-call' as const, toolCallId: call.id, toolName: call.name, input: call.args ?? {} })),
        ],
      });
    } else {
      const part: ToolResultPart = { type: 'tool-result', toolCallId: message.toolCallId, toolName: message.toolName, output: toolOutput(message.output, message.isError) };
      const previous = out.at(-1);
      if (previous?.role === 'tool') previous.content.push(part);
      else out.push({ role: 'tool', content: [part] });
    }
  }
  return out;
}

function toolOutput(output: unknown, isError: boolean | undefined): ToolResultPart['output'] {
  if (isError) return typeof output === 'string' ? { type: 'error-text', value: output } : { type: 'error-json', value: toJson(output) };
  return { type: 'json', value: toJson(output) };
}

/** The one JSON conversion (core/json-value.ts); a tool that returns nothing is `null`. */
function toJson(value: unknown): JsonValue {
  return toJsonValue(value) ?? null;
}
