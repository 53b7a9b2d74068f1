import type { TokenUsage } from '../../core/trace.js';

/** US dollars per million tokens. */
export interface ModelPrice {
  input: number;
  output: number;
}

/**
 * List prices of common models, USD per million tokens (standard tier; cached-input discounts and
 * batch prices are not modelled). A dated or suffixed id is priced as its family: the longest key
 * followed by `-` wins, so `openai:gpt-4o-mini-2024-07-18` is `openai:gpt-4o-mini`, not `gpt-4o`.
 * `prices:` in ca.yaml overrides any entry; models found nowhere cost 0 (see docs/run.md).
 */
export const DEFAULT_PRICES: Readonly<Record<string, ModelPrice>> = {
  'openai:gpt-4o-mini': { input: 0.15, output: 0.6 },
  'openai:gpt-4o': { input: 2.5, output: 10 },
  'openai:gpt-4.1': { input: 2, output: 8 },
  'openai:gpt-4.1-mini': { input: 0.4, output: 1.6 },
  'openai:gpt-4.1-nano': { input: 0.1, output: 0.4 },
  'openai:gpt-5': { input: 1.25, output: 10 },
  'openai:gpt-5-mini': { input: 0.25, output: 2 },
  'openai:gpt-5-nano': { input: 0.05, output: 0.4 },
  'openai:o1': { input: 15, output: 60 },
  'openai:o3': { input: 2, output: 8 },
  'openai:o3-mini': { input: 1.1, output: 4.4 },
  'openai:o3-pro': { input: 20, output: 80 },
  'openai:o4-mini': { input: 1.1, output: 4.4 },
  'anthropic:claude-3-5-haiku': { input: 0.8, output: 4 },
  'anthropic:claude-3-5-sonnet': { input: 3, output: 15 },
  'anthropic:claude-3-7-sonnet': { input: 3, output: 15 },
  'anthropic:claude-haiku-4-5': { input: 1, output: 5 },
  'anthropic:claude-sonnet-4': { input: 3, output: 15 },
  'anthropic:claude-sonnet-4-5': { input: 3, output: 15 },
  'anthropic:claude-opus-4': { input: 15, output: 75 },
  'anthropic:claude-opus-4-1': { input: 15, output: 75 },
  'anthropic:claude-opus-4-5': { input: 5, output: 25 },
};

/** The price of `provider:model`: ca.yaml's `prices:` first, then the table above; undefined when unpriced. */
export function priceOf(model: string, overrides: Readonly<Record<string, ModelPrice>> = {}): ModelPrice | undefined {
  return lookup(model, overrides) ?? lookup(model, DEFAULT_PRICES);
}

function lookup(model: string, table: Readonly<Record<string, ModelPrice>>): ModelPrice | undefined {
  if (Object.hasOwn(table, model)) return table[model];
  let best: string | undefined;
  for (const key of Object.keys(table)) {
    if (model.startsWith(`${key}-`) && (best === undefined || key.length > best.length)) best = key;
  }
  return best === undefined ? undefined : table[best];
}

/** What `usage` cost on `model`, in USD; 0 for an unpriced model. */
export function costOf(model: string, usage: TokenUsage, overrides?: Readonly<Record<string, ModelPrice>>): number {
  const price = priceOf(model, overrides);
  if (!price) return 0;
  return (usage.input * price.input + usage.output * price.output) / 1_000_000;
}
