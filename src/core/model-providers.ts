/**
 * Model providers ca serves (`provider:model` strings). The runtime maps each to its SDK package;
 * lint's unknown-model-provider rule reads this list, so both agree on what exists.
 */
export const MODEL_PROVIDERS = ['openai', 'anthropic', 'openai-compatible', 'ollama', 'fake'] as const;
export type ModelProvider = (typeof MODEL_PROVIDERS)[number];
