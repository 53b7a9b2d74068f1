import { setTimeout as delay } from 'node:timers/promises';
import { abortReason, abortable } from './abortable.js';
import type { ModelClient, ModelRequest, ModelResponse } from './models/model-client.js';
import { ModelCallError } from './models/model-errors.js';
import { RunError } from './run-errors.js';

/** How one model call is bounded and retried (SPEC §7). */
export interface ModelCallPolicy {
  /** One attempt's limit, from the request leaving to the last byte of the answer. */
  timeoutMs: number;
  /** Further attempts after a retryable failure. */
  retries: number;
  /** The longest wait between two attempts, whatever the server's Retry-After asks. */
  maxRetryDelayMs: number;
}

export const DEFAULT_MODEL_POLICY: ModelCallPolicy = { timeoutMs: 60_000, retries: 2, maxRetryDelayMs: 30_000 };

/** The first wait of the exponential backoff; each further one doubles, with jitter. */
const FIRST_BACKOFF_MS = 500;

/** Settings from the most specific place that gives them: the call, the definition, ca.yaml, the defaults. */
export function modelPolicy(...layers: readonly (Partial<ModelCallPolicy> | undefined)[]): ModelCallPolicy {
  const pick = <K extends keyof ModelCallPolicy>(key: K): ModelCallPolicy[K] => {
    for (const layer of layers) if (layer?.[key] !== undefined) return layer[key]!;
    return DEFAULT_MODEL_POLICY[key];
  };
  return { timeoutMs: pick('timeoutMs'), retries: Math.max(0, Math.floor(pick('retries'))), maxRetryDelayMs: pick('maxRetryDelayMs') };
}

export interface ModelCallHooks {
  /** A failed attempt that will be tried again: a line for the trace. */
  onRetry(note: string): void;
  /** Waits `ms` unless `signal` aborts (tests pass a quicker clock). */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  random?: () => number;
}

/**
 * One model call with the policy's timeout and retries. Each attempt gets its own abort signal,
 * the run's plus the timeout, handed to the provider SDK as its `abortSignal`, so a silent or
 * trickling server is cut off mid-body. Retried: HTTP 408, 409, 429 and 5xx, connection errors,
 * timeouts, and answers that are not the structured output asked for; the wait is the server's
 * `Retry-After` when it gives one, else exponential backoff with jitter, never above
 * `maxRetryDelayMs`. ca retries rather than the SDK so that each attempt is visible in the trace
 * and mocks and `fake:` models retry the same way.
 */
export async function callModel(
  models: ModelClient,
  request: Omit<ModelRequest, 'signal'>,
  policy: ModelCallPolicy,
  signal: AbortSignal,
  hooks: ModelCallHooks,
): Promise<ModelResponse> {
  const attempts = 1 + policy.retries;
  const sleep = hooks.sleep ?? wait;
  // Loading the provider is ca's time, not the provider's: it happens before any attempt's clock starts.
  if (models.prepare) await abortable(signal, () => models.prepare!(request));
  for (let attempt = 1; ; attempt++) {
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(modelTimedOut(request.model, policy.timeoutMs)), policy.timeoutMs);
    const attemptSignal = AbortSignal.any([signal, timeout.signal]);
    let error: unknown;
    try {
      return await abortable(attemptSignal, () => models.generate({ ...request, signal: attemptSignal }));
    } catch (thrown) {
      if (signal.aborted) throw abortReason(signal);
      error = timeout.signal.aborted ? timeout.signal.reason : thrown;
    } finally {
      clearTimeout(timer);
    }
    if (!isRetryable(error) || attempt >= attempts) throw error;
    const asked = error instanceof ModelCallError ? error.retryAfterMs : undefined;
    const backoff = FIRST_BACKOFF_MS * 2 ** (attempt - 1) * (0.5 + 0.5 * (hooks.random ?? Math.random)());
    const delay = Math.round(Math.min(asked ?? backoff, policy.maxRetryDelayMs));
    const why = asked === undefined ? 'backoff' : 'as Retry-After asked';
    hooks.onRetry(`attempt ${attempt} of ${attempts} failed: ${(error as Error).message}; retrying in ${seconds(delay)} (${why})`);
    await sleep(delay, signal);
    if (signal.aborted) throw abortReason(signal);
  }
}

/** Provider failures say whether another attempt could help; ca's own errors (timeouts) too; anything else is final. */
function isRetryable(error: unknown): boolean {
  if (error instanceof ModelCallError) return error.retryable;
  return error instanceof RunError && !error.final;
}

export function modelTimedOut(model: string, ms: number): RunError {
  return new RunError('model-timeout', `model ${model} did not answer within ${seconds(ms)}`, {
    final: false,
    hint: 'raise timeoutMs (ctx.think options, the reasoner or agent, or models.timeoutMs in ca.yaml)',
  });
}

function seconds(ms: number): string {
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
}

/** Waits `ms`, or less when the run is cancelled (the caller checks the signal afterwards). */
function wait(ms: number, signal: AbortSignal): Promise<void> {
  return delay(ms, undefined, { signal }).catch(() => undefined);
}
