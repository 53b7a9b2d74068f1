import type {
  LanguageModelV3,
  LanguageModelV3CallOptions,
  LanguageModelV3GenerateResult,
  LanguageModelV3Prompt,
  LanguageModelV3StreamPart,
  LanguageModelV3StreamResult,
  LanguageModelV3Usage,
} from '@ai-sdk/provider';
import { sampleJsonSchema } from './sample-json-schema.js';

/**
 * The `fake:` provider: an AI SDK language model that needs no key and no network, so every
 * example runs offline and `fake:` goes through the same AI SDK path as real providers.
 *
 * Any `fake:<name>` answers the same way, deterministically: text `echo: <last user message>`;
 * with structured output, a value that satisfies the JSON Schema (see sample-json-schema.ts). It
 * never calls tools, so an agent on a fake model answers in its first round. Usage is a rough
 * token count: characters / 4, rounded up.
 */
export class FakeLanguageModel implements LanguageModelV3 {
  readonly specificationVersion = 'v3' as const;
  readonly provider = 'fake';
  readonly supportedUrls: Record<string, RegExp[]> = {};

  constructor(readonly modelId: string) {}

  async doGenerate(options: LanguageModelV3CallOptions): Promise<LanguageModelV3GenerateResult> {
    const text = answer(options);
    return {
      content: [{ type: 'text', text }],
      finishReason: { unified: 'stop', raw: 'stop' },
      usage: usage(options.prompt, text),
      warnings: [],
      response: { id: 'fake-response', modelId: this.modelId, timestamp: new Date(0) },
    };
  }

  async doStream(options: LanguageModelV3CallOptions): Promise<LanguageModelV3StreamResult> {
    const text = answer(options);
    // Word by word, so streaming displays have something to stream.
    const deltas = text.match(/\S+\s*|\s+/g) ?? [];
    const parts: LanguageModelV3StreamPart[] = [
      { type: 'stream-start', warnings: [] },
      { type: 'response-metadata', id: 'fake-response', modelId: this.modelId, timestamp: new Date(0) },
      { type: 'text-start', id: 'text-0' },
      ...deltas.map((delta): LanguageModelV3StreamPart => ({ type: 'text-delta', id: 'text-0', delta })),
      { type: 'text-end', id: 'text-0' },
      { type: 'finish', finishReason: { unified: 'stop', raw: 'stop' }, usage: usage(options.prompt, text) },
    ];
    const stream = new ReadableStream<LanguageModelV3StreamPart>({
      start(controller) {
        for (const part of parts) controller.enqueue(part);
        controller.close();
      },
    });
    return { stream };
  }
}

function answer(options: LanguageModelV3CallOptions): string {
  const format = options.responseFormat;
  if (format?.type === 'json') return JSON.stringify(sampleJsonSchema(format.schema ?? {}, format.name ?? 'value'));
  return `echo: ${lastUserText(options.prompt)}`;
}

function lastUserText(prompt: LanguageModelV3Prompt): string {
  for (let i = prompt.length - 1; i >= 0; i--) {
    const message = prompt[i]!;
    if (message.role !== 'user') continue;
    return message.content.map((part) => (part.type === 'text' ? part.text : '')).join('');
  }
  return '';
}

function usage(prompt: LanguageModelV3Prompt, output: string): LanguageModelV3Usage {
  let chars = 0;
  for (const message of prompt) {
    if (typeof message.content === 'string') {
      chars += message.content.length;
      continue;
    }
    for (const part of message.content) {
      if (part.type === 'text' || part.type === 'reasoning') chars += part.text.length;
      else if (part.type === 'tool-call') chars += JSON.stringify(part.input ?? null).length;
      else if (part.type === 'tool-result') chars += JSON.stringify(part.output ?? null).length;
    }
  }
  const input = Math.ceil(chars / 4);
  const out = Math.ceil(output.length / 4);
  return {
    inputTokens: { total: input, noCache: input, cacheRead: 0, cacheWrite: 0 },
    outputTokens: { total: out, text: out, reasoning: 0 },
  };
}
