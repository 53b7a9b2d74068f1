import { UserError } from '../../core/errors.js';
import type { TokenUsage } from '../../core/trace.js';
import type { ModelClient, ModelRequest, ModelResponse } from './model-client.js';
import { costOf, type ModelPrice } from './prices.js';
import type { MockFile } from './read-mock-file.js';

export interface MockClientOptions {
  /** `prices:` from ca.yaml: a mock's `usage:` is priced like the real model's would be. */
  prices?: Readonly<Record<string, ModelPrice>>;
}

/**
 * The `--mock FILE` client: every model call of the run is answered from the file, by the node
 * that asks. No provider is loaded and nothing leaves the machine.
 *
 * - A reasoner answers its outputs in order, one per call; the last one repeats.
 * - An agent's round is the number of assistant messages already in the conversation, so a
 *   session's second turn goes on where the first one stopped. A script that runs out is an error.
 * - A node the file does not mention is an error naming the node and the file: a mock never
 *   falls through to a real provider.
 * - Tool call ids are `call_1`, `call_2`, … in the order the client hands them out.
 * - Usage is `usage:` from the file (default zero), priced with the request's model.
 */
export function createMockClient(mock: MockFile, options: MockClientOptions = {}): ModelClient {
  const calls = new Map<string, number>();
  let nextCallId = 1;
  const zero: TokenUsage = { input: 0, output: 0 };

  const respond = (request: ModelRequest, value: { text: string; object?: unknown } | { toolCalls: ModelResponse['toolCalls'] }, usage: TokenUsage = zero): ModelResponse => ({
    text: 'text' in value ? value.text : '',
    ...('text' in value && 'object' in value ? { object: value.object } : {}),
    toolCalls: 'toolCalls' in value ? value.toolCalls : [],
    usage: { ...usage },
    costUsd: costOf(request.model, usage, options.prices),
    model: request.model,
  });

  const answer = (request: ModelRequest, value: unknown): { text: string; object?: unknown } => {
    const text = typeof value === 'string' ? value : JSON.stringify(value ?? null);
    return request.outputSchema !== undefined ? { text, object: value } : { text };
  };

  return {
    async generate(request) {
      if (request.signal.aborted) throw request.signal.reason ?? new DOMException('aborted', 'AbortError');
      const section = request.kind === 'reasoner' ? mock.reasoners : mock.agents;
      if (!Object.hasOwn(section, request.node)) throw missing(request, mock);

      if (request.kind === 'reasoner') {
        const entry = mock.reasoners[request.node]!;
        const index = calls.get(request.node) ?? 0;
        calls.set(request.node, index + 1);
        return respond(request, answer(request, entry.outputs[Math.min(index, entry.outputs.length - 1)]), entry.usage);
      }

      const script = mock.agents[request.node]!;
      const round = request.messages.filter((message) => message.role === 'assistant').length;
      const scripted = script[round];
      if (!scripted) {
        throw new UserError(
          'mock-exhausted',
          `${mock.file}: agent ${request.node} has ${script.length} round${script.length === 1 ? '' : 's'} scripted; the model was asked for round ${round + 1}`,
          { hint: `Add rounds under agents.${request.node} in ${mock.file}, ending with an answer: round.` },
        );
      }
      if ('answer' in scripted) {
        const reply = answer(request, scripted.answer);
        // Streamed like a model would, word by word, so a chat shows a mocked reply the same way.
        if (request.onText && request.outputSchema === undefined) for (const delta of reply.text.match(/\S+\s*|\s+/g) ?? []) request.onText(delta);
        return respond(request, reply, scripted.usage);
      }
      const toolCalls = scripted.toolCalls.map((call) => ({ id: `call_${nextCallId++}`, name: call.tool, args: call.args }));
      return respond(request, { toolCalls }, scripted.usage);
    },
  };
}

function missing(request: ModelRequest, mock: MockFile): UserError {
  const other = request.kind === 'reasoner' ? 'agents' : 'reasoners';
  const misplaced = Object.hasOwn(request.kind === 'reasoner' ? mock.agents : mock.reasoners, request.node);
  const section = request.kind === 'reasoner' ? 'reasoners' : 'agents';
  return new UserError('mock-missing', `no mock for ${request.kind} ${request.node} in ${mock.file}${misplaced ? ` (it is listed under ${other}:)` : ''}`, {
    hint: `Add ${request.node} under ${section}: in ${mock.file}; with --mock every model call is served by the file.`,
  });
}
