import type { LanguageModelV3 } from '@ai-sdk/provider';
import type { ProviderConfig } from '../../config/config-schema.js';
import { UserError } from '../../core/errors.js';
import { MODEL_PROVIDERS, splitModelId } from '../../core/model-providers.js';

export type Env = Readonly<Record<string, string | undefined>>;

export interface ProviderSettings {
  /** `providers:` from ca.yaml. */
  providers?: Readonly<Record<string, ProviderConfig>>;
  /** Where keys and base URLs are read (default `process.env`). */
  env?: Env;
}

/** Who asks, for error messages: "reasoner support_reply uses openai:gpt-4o-mini". */
export interface ModelAsker {
  node: string;
  kind: 'reasoner' | 'agent';
}

export const DEFAULT_OLLAMA_BASE_URL = 'http://127.0.0.1:11434/v1';

type ModelFactory = (modelId: string) => LanguageModelV3;

/**
 * `provider:model` → an AI SDK language model. Provider packages are imported on first use, so a
 * run that only uses `fake:` models (or `--mock`) never loads them; each provider is built once.
 *
 * | provider            | package                     | key                     | base URL                                     |
 * | openai              | @ai-sdk/openai (chat API)   | OPENAI_API_KEY          | OPENAI_BASE_URL (optional)                   |
 * | anthropic           | @ai-sdk/anthropic           | ANTHROPIC_API_KEY       | ANTHROPIC_BASE_URL (optional)                |
 * | ollama              | @ai-sdk/openai-compatible   | none                    | OLLAMA_BASE_URL, default 127.0.0.1:11434/v1  |
 * | openai-compatible   | @ai-sdk/openai-compatible   | OPENAI_COMPATIBLE_API_KEY (optional) | OPENAI_COMPATIBLE_BASE_URL (required) |
 * | ca.yaml `providers:`| @ai-sdk/openai-compatible   | `apiKeyEnv` (optional)  | `baseURL`                                    |
 * | fake                | fake-model.ts               | none                    | none                                         |
 */
export function createLanguageModelResolver(settings: ProviderSettings = {}): (model: string, asker: ModelAsker) => Promise<LanguageModelV3> {
  const env = settings.env ?? process.env;
  const custom = settings.providers ?? {};
  const factories = new Map<string, Promise<ModelFactory>>();

  return async (model, asker) => {
    const parts = splitModelId(model);
    if (!parts) {
      throw new UserError('unknown-model-provider', `${asker.kind} ${asker.node} uses model '${model}', which names no provider`, {
        hint: `Write it as 'provider:model', e.g. 'openai:gpt-4o-mini' or 'fake:echo'.`,
      });
    }
    const { provider, modelId } = parts;
    // Keys are checked on every call, before anything is loaded: the error names the node that asked.
    const key = requiredKey(provider, custom[provider]);
    if (key && !env[key]) {
      throw new UserError('missing-model-key', `${key} is not set: ${asker.kind} ${asker.node} uses model ${model}`, {
        hint: `Export ${key}, or run offline with --mock FILE or a fake: model (see docs/run.md).`,
      });
    }
    let factory = factories.get(provider);
    if (!factory) {
      factory = buildFactory(provider, custom[provider], env, model, asker);
      factories.set(provider, factory);
      // A failed build (a bad base URL) must not be remembered for the next call.
      factory.catch(() => factories.delete(provider));
    }
    return (await factory)(modelId);
  };
}

/** Why a model cannot be served here. */
export type ModelSetupProblem =
  | { code: 'unknown-model-provider'; provider: string; hint: string }
  | { code: 'missing-model-key' | 'missing-model-base-url'; variable: string; hint: string };

/**
 * What stops `model` from being served here, if anything: a variable it needs and does not have
 * (a key, or the address `openai-compatible:` cannot do without), or a provider ca does not know.
 * Lets `ca run`, `ca chat` and `ca test` stop before any project code runs, and before a run is
 * recorded, rather than half-way through a flow.
 */
export function modelSetupProblem(model: string, settings: ProviderSettings = {}): ModelSetupProblem | undefined {
  const parts = splitModelId(model);
  if (!parts) return undefined;
  const custom = settings.providers?.[parts.provider];
  const needs = providerEnv(parts.provider, custom);
  if (!needs) {
    return {
      code: 'unknown-model-provider',
      provider: parts.provider,
      hint: `ca serves: ${MODEL_PROVIDERS.join(', ')}; declare an OpenAI-compatible server of your own under \`providers:\` in ca.yaml`,
    };
  }
  const env = settings.env ?? process.env;
  if (!needs.required || env[needs.required]) return undefined;
  if (!custom && parts.provider === 'openai-compatible') {
    return {
      code: 'missing-model-base-url',
      variable: needs.required,
      hint: `export ${needs.required} (e.g. http://127.0.0.1:8080/v1), or declare the server under \`providers:\` in ca.yaml`,
    };
  }
  return { code: 'missing-model-key', variable: needs.required, hint: `export ${needs.required}, or run offline with --mock FILE (see docs/run.md)` };
}

/** The environment a provider reads: what `ca run` needs set and what `ca doctor` reports. */
export interface ProviderEnv {
  /** The variable that must be set (a key, or the address `openai-compatible:` cannot do without). */
  required?: string;
  /** Read when set. */
  optional?: string;
  /** For people, when nothing is required: where it connects instead. */
  note?: string;
}

/** What `provider` needs from the environment; undefined for a provider ca does not know. */
export function providerEnv(provider: string, custom: ProviderConfig | undefined): ProviderEnv | undefined {
  if (custom) return custom.apiKeyEnv ? { required: custom.apiKeyEnv } : { note: `declared in ca.yaml (${custom.baseURL}), no key` };
  switch (provider) {
    case 'openai':
      return { required: 'OPENAI_API_KEY', optional: 'OPENAI_BASE_URL' };
    case 'anthropic':
      return { required: 'ANTHROPIC_API_KEY', optional: 'ANTHROPIC_BASE_URL' };
    case 'openai-compatible':
      return { required: 'OPENAI_COMPATIBLE_BASE_URL', optional: 'OPENAI_COMPATIBLE_API_KEY' };
    case 'ollama':
      return { note: `no key (OLLAMA_BASE_URL, default ${DEFAULT_OLLAMA_BASE_URL})` };
    case 'fake':
      return { note: 'built in, no key' };
    default:
      return undefined;
  }
}

/** The key a call must find set; the base URL of `openai-compatible:` is checked where it is read. */
function requiredKey(provider: string, custom: ProviderConfig | undefined): string | undefined {
  if (custom) return custom.apiKeyEnv;
  return provider === 'openai-compatible' ? undefined : providerEnv(provider, undefined)?.required;
}

/**
 * Provider packages, imported once per process: once a run's loader hooks are in (tsx), every
 * `import()` is a round trip to the hooks thread, about 20 ms, which a run would pay per model client.
 */
const providerModules: {
  fake?: Promise<typeof import('./fake-model.js')>;
  openai?: Promise<typeof import('@ai-sdk/openai')>;
  anthropic?: Promise<typeof import('@ai-sdk/anthropic')>;
  compatible?: Promise<typeof import('@ai-sdk/openai-compatible')>;
} = {};

async function buildFactory(provider: string, custom: ProviderConfig | undefined, env: Env, model: string, asker: ModelAsker): Promise<ModelFactory> {
  const nonEmpty = (name: string) => (env[name] ? env[name] : undefined);
  if (custom) {
    return compatible(provider, custom.baseURL, custom.apiKeyEnv ? nonEmpty(custom.apiKeyEnv) : undefined, custom.structuredOutputs ?? true);
  }
  switch (provider) {
    case 'fake': {
      const { FakeLanguageModel } = await (providerModules.fake ??= import('./fake-model.js'));
      return (modelId) => new FakeLanguageModel(modelId);
    }
    case 'openai': {
      const { createOpenAI } = await (providerModules.openai ??= import('@ai-sdk/openai'));
      const openai = createOpenAI({ apiKey: nonEmpty('OPENAI_API_KEY'), baseURL: nonEmpty('OPENAI_BASE_URL') });
      // The chat-completions API, which every OpenAI-compatible server speaks too (not the Responses API).
      return (modelId) => openai.chat(modelId);
    }
    case 'anthropic': {
      const { createAnthropic } = await (providerModules.anthropic ??= import('@ai-sdk/anthropic'));
      const anthropic = createAnthropic({ apiKey: nonEmpty('ANTHROPIC_API_KEY'), baseURL: nonEmpty('ANTHROPIC_BASE_URL') });
      return (modelId) => anthropic(modelId);
    }
    case 'ollama':
      return compatible('ollama', nonEmpty('OLLAMA_BASE_URL') ?? DEFAULT_OLLAMA_BASE_URL, undefined, true);
    case 'openai-compatible': {
      const baseURL = nonEmpty('OPENAI_COMPATIBLE_BASE_URL');
      if (!baseURL) {
        throw new UserError('missing-model-base-url', `OPENAI_COMPATIBLE_BASE_URL is not set: ${asker.kind} ${asker.node} uses model ${model}`, {
          hint: 'Export OPENAI_COMPATIBLE_BASE_URL (e.g. http://127.0.0.1:8080/v1), or declare the server under `providers:` in ca.yaml.',
        });
      }
      return compatible('openai-compatible', baseURL, nonEmpty('OPENAI_COMPATIBLE_API_KEY'), true);
    }
    default:
      throw new UserError('unknown-model-provider', `${asker.kind} ${asker.node} uses model '${model}', but ca has no provider '${provider}'`, {
        hint: `ca serves: ${MODEL_PROVIDERS.join(', ')}; declare an OpenAI-compatible server of your own under \`providers:\` in ca.yaml.`,
      });
  }
}

async function compatible(name: string, baseURL: string, apiKey: string | undefined, structuredOutputs: boolean): Promise<ModelFactory> {
  const { createOpenAICompatible } = await (providerModules.compatible ??= import('@ai-sdk/openai-compatible'));
  const provider = createOpenAICompatible({
    name,
    baseURL,
    ...(apiKey ? { apiKey } : {}),
    supportsStructuredOutputs: structuredOutputs,
    // Token counts in streamed replies too, for budgets and costs.
    includeUsage: true,
  });
  return (modelId) => provider.chatModel(modelId);
}
