import type { TraceError } from '../core/trace.js';

/**
 * Why a span failed, as a value the trace records: capability denials, schema errors, timeouts,
 * budget stops and cancellation each have a code so the tree, `ca runs` and tests can tell them apart.
 */
export class RunError extends Error {
  readonly code: string;
  readonly path?: string;
  readonly hint?: string;
  /** Retrying cannot help: a denial, a schema error, a budget stop, a cancellation. */
  readonly final: boolean;

  constructor(code: string, message: string, options: { path?: string; hint?: string; final?: boolean; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'RunError';
    this.code = code;
    this.path = options.path;
    this.hint = options.hint;
    this.final = options.final ?? true;
  }
}

export const capabilityDenied = (message: string, hint: string) => new RunError('capability-denied', message, { hint });
export const cancelled = (why = 'the run was cancelled') => new RunError('cancelled', why);
export const timedOut = (name: string, ms: number) =>
  new RunError('timeout', `${name} did not finish within ${ms} ms`, { final: false, hint: 'raise timeoutMs or make the callee honour ctx.signal' });
export const budgetExceeded = (message: string, hint: string) => new RunError('budget-exceeded', message, { hint });

export function isCancellation(error: unknown): boolean {
  return error instanceof RunError && error.code === 'cancelled';
}

/** The trace's view of any thrown value: user code may throw strings, plain objects or Errors. */
export function toTraceError(error: unknown): TraceError {
  if (error instanceof RunError) {
    const out: TraceError = { code: error.code, message: error.message };
    if (error.path !== undefined) out.path = error.path;
    if (error.hint !== undefined) out.hint = error.hint;
    return out;
  }
  if (error instanceof Error) {
    const raw = (error as Error & { code?: unknown }).code;
    const code = typeof raw === 'string' ? raw : 'error';
    const hint = (error as Error & { hint?: unknown }).hint;
    return { code, message: error.message || error.name, ...(typeof hint === 'string' ? { hint } : {}) };
  }
  return { code: 'error', message: typeof error === 'string' ? error : JSON.stringify(error) ?? String(error) };
}
