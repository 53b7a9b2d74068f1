/**
 * Model providers ca serves (`provider:model` strings). The runtime maps each to its SDK package;
 * lint's unknown-model-provider rule reads this list, so both agree on what exists. Providers
 * declared under `providers:` in ca.yaml come on top of these.
 */
export const MODEL_PROVIDERS = ['openai', 'anthropic', 'openai-compatible', 'ollama', 'fake'] as const;
export type ModelProvider = (typeof MODEL_PROVIDERS)[number];

/**
 * `openai:gpt-4o-mini` → `{ provider: 'openai', modelId: 'gpt-4o-mini' }`. The provider is
 * everything before the first ':' (`ollama:llama3.1:8b` is `ollama`); undefined when either side is empty.
 */
export function splitModelId(model: string): { provider: string; modelId: string } | undefined {
  const colon = model.indexOf(':');
  if (colon <= 0 || colon === model.length - 1) return undefined;
  return { provider: model.slice(0, colon), modelId: model.slice(colon + 1) };
}
