/**
 * A model call that failed for a reason worth one clear line: the provider answered with an HTTP
 * error, could not be reached, or answered with something that is not the structured output asked
 * for. `code` is what the trace records; `retryable` says whether another attempt could help
 * (rate limits, overload, timeouts, connection errors), for the interpreter's retry policy.
 */
export class ModelCallError extends Error {
  readonly code: 'model-http-error' | 'model-unreachable' | 'model-bad-output' | 'model-error';
  readonly model: string;
  /** The HTTP status, for `model-http-error`. */
  readonly status?: number;
  readonly retryable: boolean;
  /** How long the server asked to wait before another attempt (`Retry-After`, `retry-after-ms`). */
  readonly retryAfterMs?: number;

  constructor(
    code: ModelCallError['code'],
    message: string,
    options: { model: string; status?: number; retryable?: boolean; retryAfterMs?: number; cause?: unknown },
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ModelCallError';
    this.code = code;
    this.model = options.model;
    if (options.status !== undefined) this.status = options.status;
    this.retryable = options.retryable ?? false;
    if (options.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
  }
}

interface ApiCallErrorLike {
  message: string;
  url: string;
  statusCode?: number;
  responseBody?: string;
  responseHeaders?: Record<string, string>;
  isRetryable: boolean;
  cause?: unknown;
}

/**
 * The AI SDK's errors as ModelCallErrors. Aborts pass through untouched (the interpreter knows why
 * it aborted), and so does anything already clear (UserError, ModelCallError).
 */
export function toModelCallError(
  error: unknown,
  model: string,
  sdk: { isApiCallError: (e: unknown) => boolean; isNoOutputError: (e: unknown) => boolean },
): unknown {
  if (!(error instanceof Error) || error.name === 'AbortError' || error.name === 'TimeoutError') return error;
  if (error instanceof ModelCallError || error.name === 'UserError') return error;
  if (sdk.isApiCallError(error)) {
    const api = error as unknown as ApiCallErrorLike;
    if (api.statusCode === undefined) {
      const reason = causeMessage(api.cause) ?? api.message;
      return new ModelCallError('model-unreachable', `${model}: cannot reach ${api.url}: ${reason}`, { model, retryable: true, cause: error });
    }
    const detail = providerMessage(api.responseBody) ?? api.message;
    const retryAfterMs = readRetryAfter(api.responseHeaders);
    return new ModelCallError('model-http-error', `${model}: HTTP ${api.statusCode} from ${api.url}: ${oneLine(detail)}`, {
      model,
      status: api.statusCode,
      retryable: api.isRetryable || api.statusCode === 429 || api.statusCode >= 500,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      cause: error,
    });
  }
  if (sdk.isNoOutputError(error)) {
    const cause = causeMessage((error as { cause?: unknown }).cause);
    return new ModelCallError('model-bad-output', `${model}: the answer is not the structured output asked for${cause ? `: ${oneLine(cause)}` : ''}`, {
      model,
      retryable: true,
      cause: error,
    });
  }
  return new ModelCallError('model-error', `${model}: ${oneLine(error.message)}`, { model, cause: error });
}

/**
 * How long a server asked to wait: `retry-after-ms` (OpenAI), else `Retry-After` in seconds or as
 * an HTTP date. Undefined when absent or unreadable; never negative.
 */
export function readRetryAfter(headers: Record<string, string> | undefined, now = Date.now()): number | undefined {
  if (!headers) return undefined;
  const lower = new Map(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
  const ms = Number.parseFloat(lower.get('retry-after-ms') ?? '');
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const raw = lower.get('retry-after')?.trim();
  if (!raw) return undefined;
  if (/^\d+(\.\d+)?$/.test(raw)) return Number.parseFloat(raw) * 1000;
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** `{"error":{"message":"..."}}` (OpenAI and most compatible servers) or `{"error":{"type","message"}}` (Anthropic). */
function providerMessage(body: string | undefined): string | undefined {
  if (!body) return undefined;
  try {
    const parsed = JSON.parse(body) as { error?: { message?: unknown } | string; message?: unknown };
    if (typeof parsed.error === 'string') return parsed.error;
    if (typeof parsed.error?.message === 'string') return parsed.error.message;
    if (typeof parsed.message === 'string') return parsed.message;
  } catch {
    // Not JSON: an HTML error page or a proxy's text.
  }
  const text = body.trim();
  return text.length > 0 && text.length <= 300 ? text : undefined;
}

function causeMessage(cause: unknown): string | undefined {
  if (!(cause instanceof Error)) return undefined;
  // fetch wraps the socket error: "fetch failed" caused by "connect ECONNREFUSED 127.0.0.1:1".
  const inner = causeMessage(cause.cause);
  return inner ?? cause.message;
}

function oneLine(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 500 ? `${line.slice(0, 497)}...` : line;
}
