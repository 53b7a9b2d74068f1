import { RunError, cancelled } from './run-errors.js';

/** Why `signal` was aborted, as a RunError: our own reasons pass through, anything else is a cancellation. */
export function abortReason(signal: AbortSignal): RunError {
  return signal.reason instanceof RunError ? signal.reason : cancelled();
}

/**
 * Settles with `work`, or rejects as soon as `signal` aborts. User code that ignores `ctx.signal`
 * keeps running in the background, but the run moves on: a timeout or Ctrl-C is never held hostage.
 */
export function abortable<T>(signal: AbortSignal, work: () => T | PromiseLike<T>): Promise<T> {
  if (signal.aborted) return Promise.reject(abortReason(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortReason(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    Promise.resolve()
      .then(work)
      .then(resolve, reject)
      .finally(() => signal.removeEventListener('abort', onAbort));
  });
}
