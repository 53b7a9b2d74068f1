import { describe, expect, it } from 'vitest';
import { costOf, priceOf } from '../../../src/runtime/models/prices.js';

describe('token prices', () => {
  it('prices a known model per million tokens', () => {
    expect(priceOf('openai:gpt-4o-mini')).toEqual({ input: 0.15, output: 0.6 });
    // 12,000 in and 3,000 out on gpt-4o: 12000 × 2.5 / 1M + 3000 × 10 / 1M.
    expect(costOf('openai:gpt-4o', { input: 12_000, output: 3_000 })).toBeCloseTo(0.03 + 0.03, 12);
  });

  it('prices a dated or suffixed id as its family, the longest match winning', () => {
    expect(priceOf('openai:gpt-4o-mini-2024-07-18')).toEqual(priceOf('openai:gpt-4o-mini'));
    expect(priceOf('openai:gpt-4o-2024-08-06')).toEqual(priceOf('openai:gpt-4o'));
    expect(priceOf('anthropic:claude-3-5-haiku-latest')).toEqual({ input: 0.8, output: 4 });
    expect(priceOf('anthropic:claude-sonnet-4-20250514')).toEqual({ input: 3, output: 15 });
    expect(priceOf('anthropic:claude-opus-4-5-20251101')).toEqual({ input: 5, output: 25 });
    // A prefix without the dash is another model.
    expect(priceOf('openai:gpt-4oz')).toBeUndefined();
  });

  it('lets ca.yaml prices win, for exact ids and families alike', () => {
    const overrides = { 'openai:gpt-4o-mini': { input: 1, output: 2 }, 'local:llama3': { input: 0.1, output: 0.2 } };
    expect(priceOf('openai:gpt-4o-mini', overrides)).toEqual({ input: 1, output: 2 });
    expect(priceOf('openai:gpt-4o-mini-2024-07-18', overrides)).toEqual({ input: 1, output: 2 });
    expect(costOf('local:llama3', { input: 1_000_000, output: 1_000_000 }, overrides)).toBeCloseTo(0.3, 12);
  });

  it('an unpriced model, fake: and local ones included, costs 0', () => {
    expect(costOf('ollama:llama3.1:8b', { input: 5_000_000, output: 5_000_000 })).toBe(0);
    expect(costOf('fake:echo', { input: 100, output: 100 })).toBe(0);
  });
});
