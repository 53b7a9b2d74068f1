import { describe, expect, it } from 'vitest';
import { callModel, modelPolicy } from '../../src/runtime/model-call.js';
import type { ModelClient, ModelRequest, ModelResponse } from '../../src/runtime/models/model-client.js';
import { ModelCallError, readRetryAfter } from '../../src/runtime/models/model-errors.js';

const request: Omit<ModelRequest, 'signal'> = { model: 'local:summarize', node: 'summarize', kind: 'reasoner', messages: [{ role: 'user', content: 'T-1042' }] };
const answer: ModelResponse = { text: 'summary', toolCalls: [], usage: { input: 1, output: 1 }, costUsd: 0, model: 'local:summarize' };

/** A client that fails with the given errors, in order, then answers. */
function failing(...errors: unknown[]): ModelClient & { calls: number } {
  const client = {
    calls: 0,
    async generate() {
      const error = errors[client.calls++];
      if (error) throw error;
      return answer;
    },
  };
  return client;
}

function run(client: ModelClient, policy = modelPolicy({ retries: 3 })) {
  const waits: number[] = [];
  const notes: string[] = [];
  const done = callModel(client, request, policy, new AbortController().signal, {
    onRetry: (note) => notes.push(note),
    sleep: async (ms) => void waits.push(ms),
    random: () => 1,
  });
  return { done, waits, notes };
}

const http = (status: number, retryAfterMs?: number) =>
  new ModelCallError('model-http-error', `local:summarize: HTTP ${status}`, { model: 'local:summarize', status, retryable: status === 429 || status >= 500, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) });

describe('one model call under its policy', () => {
  it('waits what Retry-After asked, else doubles its backoff, and notes every failed attempt', async () => {
    const { done, waits, notes } = run(failing(http(429, 1500), http(503), http(500)));
    await expect(done).resolves.toBe(answer);
    expect(waits).toEqual([1500, 1000, 2000]);
    expect(notes[0]).toBe('attempt 1 of 4 failed: local:summarize: HTTP 429; retrying in 1.5 s (as Retry-After asked)');
    expect(notes[2]).toBe('attempt 3 of 4 failed: local:summarize: HTTP 500; retrying in 2 s (backoff)');
  });

  it('never waits longer than maxRetryDelayMs, whatever the server asks', async () => {
    const { done, waits } = run(failing(http(429, 600_000)), modelPolicy({ retries: 1, maxRetryDelayMs: 5_000 }));
    await done;
    expect(waits).toEqual([5_000]);
  });

  it('does not retry a 400, and gives up after the last attempt with the last error', async () => {
    const bad = failing(http(400));
    await expect(run(bad).done).rejects.toThrow('HTTP 400');
    expect(bad.calls).toBe(1);
    const busy = failing(http(503), http(503), http(503));
    await expect(run(busy, modelPolicy({ retries: 2 })).done).rejects.toThrow('HTTP 503');
    expect(busy.calls).toBe(3);
  });

  it('takes the most specific setting: the call, then the definition, then ca.yaml, then 60 s and 2', () => {
    expect(modelPolicy({ timeoutMs: 5 }, { timeoutMs: 10, retries: 4 }, { retries: 1, maxRetryDelayMs: 7 })).toEqual({ timeoutMs: 5, retries: 4, maxRetryDelayMs: 7 });
    expect(modelPolicy(undefined, {})).toEqual({ timeoutMs: 60_000, retries: 2, maxRetryDelayMs: 30_000 });
  });
});

describe('Retry-After', () => {
  it('reads seconds, milliseconds and HTTP dates', () => {
    const now = Date.parse('2026-12-07T10:00:00Z');
    expect(readRetryAfter({ 'Retry-After': '2' }, now)).toBe(2000);
    expect(readRetryAfter({ 'retry-after-ms': '350', 'retry-after': '9' }, now)).toBe(350);
    expect(readRetryAfter({ 'retry-after': 'Mon, 07 Dec 2026 10:00:30 GMT' }, now)).toBe(30_000);
    expect(readRetryAfter({ 'retry-after': 'soon' }, now)).toBeUndefined();
    expect(readRetryAfter(undefined, now)).toBeUndefined();
  });
});
