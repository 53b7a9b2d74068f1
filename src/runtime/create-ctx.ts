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
const group = new AsyncLocalStorage<{ owner: object; signal: AbortSignal; path: string }>();

/** The `ctx` handed to `def`'s code while it runs in `span`. */
export function createCtx(interpreter: RunInterpreter, span: Span, def: Definition, signal: AbortSignal): SessionCtx {
  // Groups started by this ctx, per kind, for the step keys of their items (`map#2[5]/`).
  const groups = new Map<string, number>();
  const ctx: SessionCtx = {
    signal,
    idempotencyKey: interpreter.steps.idempotencyKey(span.key),
    call: ((ref: Definition, ...args: unknown[]) => {
      const [input, opts] = args as [unknown, CallOptions | undefined];
      const scope = current();
      return interpreter.call(span, def, ref, input, opts ?? {}, scope.signal, scope.path);
    }) as SessionCtx['call'],
    think: ((reasoner: Definition, input?: unknown, opts?: ThinkOptions) => {
      const scope = current();
      return interpreter.think(span, def, reasoner, input, scope.signal, opts ?? {}, scope.path);
    }) as SessionCtx['think'],
    approve: (prompt) => {
      const scope = current();
      return interpreter.approve(span, String(prompt), scope.signal, undefined, scope.path);
    },
    parallel: ((thunks: readonly (() => unknown)[]) =>
      inGroup('parallel', thunks, (thunk) => thunk(), thunks.length)) as SessionCtx['parallel'],
    map: (items, fn, opts?: MapOptions) =>
      inGroup('map', items, fn, opts?.maxParallel ?? interpreter.options.maxParallel ?? DEFAULT_MAX_PARALLEL),
    log: (message, data) => interpreter.log(span, String(message), data),
    emit: (event, data) => {
      interpreter.log(span, `emit ${event}`, data);
      interpreter.options.onEmit?.(String(event), data);
    },
  };

  // Inside a thunk of this ctx's own parallel/map, calls take the group's signal and item path.
  function current(): { signal: AbortSignal; path: string } {
    const scope = group.getStore();
    return scope?.owner === ctx ? scope : { signal, path: '' };
  }

  /**
   * Runs `fn` over `items` with at most `limit` in flight, results in order. The first failure
   * aborts the group (siblings in flight end as cancelled, none further start) and is rethrown
   * once every started item has settled, so the trace is complete when the caller sees the error.
   */
  async function inGroup<T, R>(kind: 'map' | 'parallel', items: readonly T[], fn: (item: T, index: number) => R | PromiseLike<R>, limit: number): Promise<R[]> {
    const bound = Math.max(1, Math.floor(Number.isFinite(limit) ? limit : items.length));
    const { signal: outer, path: outerPath } = current();
    // Keyed by place, not by timing: the nth group of this kind here, then the item's index.
    const place = `${outerPath}${kind}`;
    const nth = (groups.get(place) ?? 0) + 1;
    groups.set(place, nth);
    const controller = new AbortController();
    const groupSignal = AbortSignal.any([outer, controller.signal]);
    const results = new Array<R>(items.length);
    let next = 0;
    let failure: { error: unknown } | undefined;
    const worker = async () => {
      while (next < items.length && !failure && !groupSignal.aborted) {
        const index = next++;
        try {
          results[index] = await group.run({ owner: ctx, signal: groupSignal, path: `${place}#${nth}[${index}]/` }, () => fn(items[index]!, index));
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
