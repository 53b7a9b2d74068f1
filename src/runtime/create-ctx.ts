import { AsyncLocalStorage } from 'node:async_hooks';
import type { CallOptions, MapOptions, SessionCtx, ThinkOptions } from '../sdk/ctx.js';
import type { Definition } from '../sdk/definition.js';
import { abortReason } from './abortable.js';
import type { RunInterpreter } from './interpreter-api.js';
import { cancelled } from './run-errors.js';
import { DEFAULT_MAX_PARALLEL } from './runtime-options.js';
import type { Span } from './trace-recorder.js';

/**
 * `ctx.parallel` and `ctx.map` run their thunks inside a group whose signal aborts the siblings
 * when one fails. The thunks call the same `ctx` as the code around them, so the group travels
 * with the async context rather than with the object.
 */
const group = new AsyncLocalStorage<{ owner: object; signal: AbortSignal }>();

/** The `ctx` handed to `def`'s code while it runs in `span`. */
export function createCtx(interpreter: RunInterpreter, span: Span, def: Definition, signal: AbortSignal): SessionCtx {
  const ctx: SessionCtx = {
    signal,
    call: ((ref: Definition, ...args: unknown[]) => {
      const [input, opts] = args as [unknown, CallOptions | undefined];
      return interpreter.call(span, def, ref, input, opts ?? {}, current());
    }) as SessionCtx['call'],
    think: ((reasoner: Definition, input?: unknown, opts?: ThinkOptions) => interpreter.think(span, def, reasoner, input, current(), opts ?? {})) as SessionCtx['think'],
    approve: (prompt) => interpreter.approve(span, String(prompt), current()),
    parallel: ((thunks: readonly (() => unknown)[]) =>
      inGroup(thunks, (thunk) => thunk(), thunks.length)) as SessionCtx['parallel'],
    map: (items, fn, opts?: MapOptions) =>
      inGroup(items, fn, opts?.maxParallel ?? interpreter.options.maxParallel ?? DEFAULT_MAX_PARALLEL),
    log: (message, data) => interpreter.log(span, String(message), data),
    emit: (event, data) => {
      interpreter.log(span, `emit ${event}`, data);
      interpreter.options.onEmit?.(String(event), data);
    },
  };

  // Inside a thunk of this ctx's own parallel/map, calls take the group's signal.
  function current(): AbortSignal {
    const scope = group.getStore();
    return scope?.owner === ctx ? scope.signal : signal;
  }

  /**
   * Runs `fn` over `items` with at most `limit` in flight, results in order. The first failure
   * aborts the group (siblings in flight end as cancelled, none further start) and is rethrown
   * once every started item has settled, so the trace is complete when the caller sees the error.
   */
  async function inGroup<T, R>(items: readonly T[], fn: (item: T, index: number) => R | PromiseLike<R>, limit: number): Promise<R[]> {
    const bound = Math.max(1, Math.floor(Number.isFinite(limit) ? limit : items.length));
    const outer = current();
    const controller = new AbortController();
    const groupSignal = AbortSignal.any([outer, controller.signal]);
    const results = new Array<R>(items.length);
    let next = 0;
    let failure: { error: unknown } | undefined;
    const worker = async () => {
      while (next < items.length && !failure && !groupSignal.aborted) {
        const index = next++;
        try {
          results[index] = await group.run({ owner: ctx, signal: groupSignal }, () => fn(items[index]!, index));
        } catch (error) {
          if (!failure) {
            failure = { error };
            controller.abort(cancelled('a sibling in the same ctx.parallel/ctx.map failed'));
          }
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(bound, items.length) }, worker));
    if (failure) throw failure.error;
    if (outer.aborted) throw abortReason(outer);
    return results;
  }

  return ctx;
}
