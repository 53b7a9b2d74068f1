import type { ModelClient, ModelRequest, ModelResponse, ToolCall } from './model-client.js';
import { toModelCallError } from './model-errors.js';
import { costOf, type ModelPrice } from './prices.js';
import { createLanguageModelResolver, type ProviderSettings } from './resolve-language-model.js';
import { isObjectSchema, type JsonSchema } from './to-json-schema.js';
import { toModelMessages } from './to-model-messages.js';

let aiModule: Promise<typeof import('ai')> | undefined;
/** The AI SDK, imported once per process (after the loader hooks are in, each `import()` costs a round trip to their thread). */
const aiSdk = () => (aiModule ??= import('ai'));

export interface AiSdkClientOptions extends ProviderSettings {
  /** `prices:` from ca.yaml, USD per million tokens by `provider:model`. */
  prices?: Readonly<Record<string, ModelPrice>>;
}

/** Providers' JSON modes answer objects: other output schemas travel wrapped in `{ value }`. */
const WRAP_KEY = 'value';

/**
 * The ModelClient of real providers and `fake:`: one `generateText` call per request, through the
 * Vercel AI SDK. Tools are offered without `execute`, so the SDK stops at the model's tool calls
 * and hands them back; the interpreter runs them and sends the results in the next request. No SDK
 * retries: the interpreter owns retries (a ModelCallError says whether one could help).
 */
export function createAiSdkClient(options: AiSdkClientOptions = {}): ModelClient {
  const resolve = createLanguageModelResolver(options);
  return {
    async prepare(request) {
      await Promise.all([resolve(request.model, request), aiSdk()]);
    },
    async generate(request: ModelRequest): Promise<ModelResponse> {
      const model = await resolve(request.model, request);
      const { generateText, streamText, jsonSchema, Output, APICallError, NoObjectGeneratedError, NoOutputGeneratedError } = await aiSdk();
      // The SDK prints provider warnings ("temperature is not supported…") with console.info and
      // console.warn: on stdout they would corrupt `--json` output and the live trace tree. Silenced
      // unless the project's own code has set the switch itself.
      const sdkGlobals = globalThis as { AI_SDK_LOG_WARNINGS?: unknown };
      if (sdkGlobals.AI_SDK_LOG_WARNINGS === undefined) sdkGlobals.AI_SDK_LOG_WARNINGS = false;

      const wrapped = request.outputSchema !== undefined && !isObjectSchema(request.outputSchema);
      const outputSchema: JsonSchema | undefined =
        request.outputSchema === undefined
          ? undefined
          : wrapped
            ? { type: 'object', properties: { [WRAP_KEY]: request.outputSchema }, required: [WRAP_KEY], additionalProperties: false }
            : request.outputSchema;
      const tools = request.tools?.length
        ? Object.fromEntries(
            request.tools.map((t) => [t.name, { ...(t.description ? { description: t.description } : {}), inputSchema: jsonSchema(t.inputSchema) }]),
          )
        : undefined;

      const settings = {
        model,
          ...(request.system ? { system: request.system } : {}),
          messages: toModelMessages(request.messages),
          ...(tools ? { tools } : {}),
          ...(outputSchema ? { output: Output.object({ schema: jsonSchema(outputSchema), name: outputName(request.node) }) } : {}),
          ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
          ...(request.maxTokens !== undefined ? { maxOutputTokens: request.maxTokens } : {}),
          abortSignal: request.signal,
          maxRetries: 0,
          // Strict JSON schema mode rejects optional properties and open records, which ordinary zod
          // schemas have; the interpreter validates every answer against the schema anyway.
          providerOptions: { openai: { strictJsonSchema: false }, openaiCompatible: { strictJsonSchema: false } },
      };

      let result: { text: string; toolCalls: { toolCallId: string; toolName: string; input: unknown }[]; usage: { inputTokens?: number | undefined; outputTokens?: number | undefined }; output?: unknown };
      try {
        if (request.onText && !outputSchema) {
          // Streamed: the same request, with each text delta handed on as it arrives.
          // onError: the SDK's default prints the whole error object to the console; ca reports it in one line.
          const streamed = streamText({ ...settings, onError: () => {} });
          for await (const part of streamed.fullStream) {
            if (part.type === 'text-delta') request.onText(part.text);
            else if (part.type === 'error') throw part.error;
          }
          result = { text: await streamed.text, toolCalls: await streamed.toolCalls, usage: await streamed.usage };
        } else {
          result = await generateText(settings);
        }
      } catch (error) {
        throw toModelCallError(error, request.model, {
          isApiCallError: (e) => APICallError.isInstance(e),
          isNoOutputError: (e) => NoObjectGeneratedError.isInstance(e) || NoOutputGeneratedError.isInstance(e),
        });
      }

      const toolCalls: ToolCall[] = result.toolCalls.map((call) => ({ id: call.toolCallId, name: call.toolName, args: call.input }));
      const usage = { input: result.usage.inputTokens ?? 0, output: result.usage.outputTokens ?? 0 };
      const response: ModelResponse = {
        text: result.text,
        toolCalls,
        usage,
        costUsd: costOf(request.model, usage, options.prices),
        model: request.model,
      };
      // With tool calls there is no answer yet; `output` would throw.
      if (outputSchema && toolCalls.length === 0) {
        let object: unknown;
        try {
          object = result.output;
        } catch (error) {
          throw toModelCallError(error, request.model, {
            isApiCallError: () => false,
            isNoOutputError: (e) => NoObjectGeneratedError.isInstance(e) || NoOutputGeneratedError.isInstance(e),
          });
        }
        response.object = wrapped ? (object as Record<string, unknown> | undefined)?.[WRAP_KEY] : object;
      }
      return response;
    },
  };
}

/** OpenAI wants `[a-zA-Z0-9_-]{1,64}` for the response format's name. */
function outputName(node: string): string {
  const name = node.replace(/[^a-zA-Z0-9_-]/g, '_').slice(0, 64);
  return name || 'response';
}
