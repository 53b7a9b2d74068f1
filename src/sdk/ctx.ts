import type { DefinitionShape, InputOf, OutputOf } from './io.js';

/** Per-call settings for `ctx.call`. */
export interface CallOptions {
  /** Further attempts after a failed one (default 0). Each attempt is its own span. */
  readonly retries?: number | undefined;
  /** Give up on an attempt after this many milliseconds; the callee's `ctx.signal` aborts. */
  readonly timeoutMs?: number | undefined;
}

/** Per-call settings for `ctx.think`: they win over the reasoner's own and ca.yaml's `models:`. */
export interface ThinkOptions {
  /** Further attempts after a 429, a 5xx, a connection error or a timeout (default 2). Each is visible in the trace. */
  readonly retries?: number | undefined;
  /** Give up on one attempt of the model call after this many milliseconds (default 60,000). */
  readonly timeoutMs?: number | undefined;
}

/** Settings for `ctx.map`. */
export interface MapOptions {
  /** At most this many items in flight at once (default: the runtime's limit). */
  readonly maxParallel?: number | undefined;
}

type Callable = { readonly kind: 'tool' | 'flow' | 'agent' };
type Thinkable = { readonly kind: 'reasoner' };

// The input may be left out when the callee accepts `undefined` (a flow whose `run` takes no input).
type InputArg<D> = undefined extends InputOf<D> ? [input?: InputOf<D>] : [input: InputOf<D>];

/**
 * What a tool's or flow's `run` receives. The runtime implements it; every method is a span in
 * the run's trace.
 *
 * `Uses` is the union of the definitions listed in `uses`, so calling something that is not
 * granted is a compile error as well as a run-time capability error. Tools list nothing, so
 * their `ctx` can call nothing. The compile-time check is structural: two definitions with
 * identical kinds and types cannot be told apart, and the run-time check remains the authority.
 */
export interface Ctx<Uses extends DefinitionShape = DefinitionShape> {
  /**
   * Runs a tool, flow or agent listed in `uses` and resolves to its output. The input is
   * validated by the callee's input schema, if it has one.
   */
  call<D extends Uses & Callable>(ref: D, ...args: [...InputArg<D>, opts?: CallOptions]): Promise<OutputOf<D>>;

  /** Asks a reasoner listed in `uses`; resolves to its output (a string when it has no output schema). */
  think<D extends Uses & Thinkable>(reasoner: D, ...args: [...InputArg<D>, opts?: ThinkOptions]): Promise<OutputOf<D>>;

  /** The human gate: asks on a TTY, elsewhere denies unless the run was started with `--approve all`. */
  approve(prompt: string): Promise<boolean>;

  /**
   * Runs the thunks concurrently and resolves to their results in order, as a tuple. Thunks
   * rather than promises so the runtime decides when each starts and can cancel the rest.
   */
  parallel<const T extends readonly (() => unknown)[]>(
    thunks: T,
  ): Promise<{ -readonly [K in keyof T]: Awaited<ReturnType<T[K]>> }>;

  /** Applies `fn` to every item with bounded concurrency; results keep the items' order. */
  map<T, R>(
    items: readonly T[],
    fn: (item: T, index: number) => R | PromiseLike<R>,
    opts?: MapOptions,
  ): Promise<R[]>;

  /** Aborts when the run is cancelled, its budget runs out, or a `timeoutMs` expires. */
  readonly signal: AbortSignal;

  /**
   * A key for this step that stays the same on every attempt and every resume of the run (35
   * characters, `ca_…`): pass it to the outside system (a payment API's `Idempotency-Key`) so a
   * call made twice takes effect once.
   */
  readonly idempotencyKey: string;

  /** Adds a log line to the current span (secrets in `data` are redacted in traces). */
  log(message: string, data?: unknown): void;
}

/** What a session's `turn` receives: a `Ctx` that can also publish session events. */
export interface SessionCtx<Uses extends DefinitionShape = DefinitionShape> extends Ctx<Uses> {
  /** Appends an event to the session's stream, which `ca listen` tails and forwards. */
  emit(event: string, data?: unknown): void;
}
