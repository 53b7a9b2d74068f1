import { PublishError, type HttpTargetConfig, type DeployTarget, type PublishRequest, type PublishResult } from './target.js';

export interface HttpTargetOptions {
  /** Attempts in all, the first included. */
  attempts?: number;
  /** First backoff; doubled per retry, with jitter. */
  baseDelayMs?: number;
  /** Ceiling on one wait, Retry-After included. */
  maxDelayMs?: number;
  /** Per attempt. */
  timeoutMs?: number;
  /** Where tokens are read from. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Injected by tests that must not wait. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

const DEFAULTS = { attempts: 4, baseDelayMs: 200, maxDelayMs: 10_000, timeoutMs: 30_000 } as const;
/** How much of an error response the message quotes. */
const EXCERPT_CHARS = 300;

/**
 * Publishes by POSTing the artifact as JSON. Retries what may pass on its own (5xx, 429, a
 * network error, a timed-out attempt) with exponential backoff and full jitter, honouring
 * Retry-After; any other 4xx is final. A retried POST is safe: the body is content-addressed,
 * and `Idempotency-Key` (env, node, hash) lets the server say so. Redirects are not followed:
 * a bearer token must not travel to a host nobody configured.
 */
export class HttpTarget implements DeployTarget {
  private readonly options: Required<Omit<HttpTargetOptions, 'env'>> & Pick<HttpTargetOptions, 'env'>;

  constructor(
    private readonly config: HttpTargetConfig,
    options: HttpTargetOptions = {},
  ) {
    this.options = {
      attempts: Math.max(1, options.attempts ?? DEFAULTS.attempts),
      baseDelayMs: options.baseDelayMs ?? DEFAULTS.baseDelayMs,
      maxDelayMs: options.maxDelayMs ?? DEFAULTS.maxDelayMs,
      timeoutMs: options.timeoutMs ?? DEFAULTS.timeoutMs,
      sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
      random: options.random ?? Math.random,
      env: options.env,
    };
  }

  describe(): string {
    return `http ${shownUrl(this.config.url)}`;
  }

  async publish(request: PublishRequest): Promise<PublishResult> {
    const url = shownUrl(this.config.url);
    const token = this.token();
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      Accept: 'application/json, text/plain;q=0.9, */*;q=0.5',
      // Header values are Latin-1: node names are any string, so they travel percent-encoded.
      'Idempotency-Key': `${encodeURIComponent(request.env)}:${encodeURIComponent(request.node)}:${request.artifact.hash}`,
      'X-Ca-Env': encodeURIComponent(request.env),
      'X-Ca-Node': encodeURIComponent(request.node),
      'X-Ca-Artifact-Hash': request.artifact.hash,
    };
    if (token !== undefined) headers.Authorization = `Bearer ${token}`;
    const body = JSON.stringify(request.artifact);

    let failure: PublishError | undefined;
    for (let attempt = 1; attempt <= this.options.attempts; attempt++) {
      let response: Response;
      try {
        response = await fetch(this.config.url, {
          method: 'POST',
          headers,
          body,
          redirect: 'manual',
          signal: AbortSignal.timeout(this.options.timeoutMs),
        });
      } catch (error) {
        const tries = attempt === 1 ? '' : ` (${attempt} attempts)`;
        failure = new PublishError(`cannot reach ${url}: ${networkReason(error, this.options.timeoutMs)}${tries}`, { attempts: attempt, cause: error });
        if (attempt < this.options.attempts) await this.options.sleep(this.backoff(attempt));
        continue;
      }

      if (response.ok) {
        await response.body?.cancel();
        return { location: url };
      }
      const excerpt = redact(await readExcerpt(response), token);
      const detail = excerpt === '' ? '' : `: ${excerpt}`;
      const status = `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
      if (response.status >= 300 && response.status < 400) {
        const location = response.headers.get('location');
        throw new PublishError(`POST ${url} was redirected (${status}${location ? ` to ${shownUrl(location)}` : ''}); configure the final URL`, {
          status: response.status,
          attempts: attempt,
        });
      }
      const retryable = response.status === 429 || response.status >= 500;
      const tries = attempt === 1 ? '' : ` after ${attempt} attempts`;
      failure = new PublishError(`POST ${url} failed${tries}: ${status}${detail}`, { status: response.status, attempts: attempt, output: excerpt });
      if (!retryable) throw failure;
      if (attempt < this.options.attempts) await this.options.sleep(this.waitBefore(attempt + 1, response.headers.get('retry-after')));
    }
    throw failure ?? new PublishError(`POST ${url} failed`);
  }

  /** Read before any request: a missing token is a setup problem, not something to send. */
  private token(): string | undefined {
    const name = this.config.tokenEnv;
    if (name === undefined) return undefined;
    const value = (this.options.env ?? process.env)[name];
    if (value === undefined || value === '') {
      throw new PublishError(`the environment variable ${name} (tokenEnv of ${this.describe()}) is not set; export the bearer token in it`);
    }
    return value;
  }

  /** Wait before the given attempt: Retry-After when the server says, else backoff; never above maxDelayMs. */
  private waitBefore(nextAttempt: number, retryAfter: string | null): number {
    const asked = parseRetryAfter(retryAfter);
    return asked === undefined ? this.backoff(nextAttempt - 1) : Math.min(asked, this.options.maxDelayMs);
  }

  /** Full jitter: uniformly up to base * 2^(retry - 1), so retrying clients spread out. */
  private backoff(retry: number): number {
    const ceiling = Math.min(this.options.maxDelayMs, this.options.baseDelayMs * 2 ** (retry - 1));
    return Math.round(ceiling * this.options.random());
  }
}

/** Retry-After in seconds or as an HTTP date, in milliseconds; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** The URL without credentials: it goes into messages and the ledger. */
function shownUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.username === '' && parsed.password === '') return url;
    parsed.username = '';
    parsed.password = '';
    return parsed.toString();
  } catch {
    return url;
  }
}

async function readExcerpt(response: Response): Promise<string> {
  try {
    const text = (await response.text()).replace(/\s+/g, ' ').trim();
    return text.length > EXCERPT_CHARS ? `${text.slice(0, EXCERPT_CHARS)}…` : text;
  } catch {
    return '';
  }
}

/** A server that echoes the request back must not put the token into ca's output. */
function redact(text: string, token: string | undefined): string {
  return token && token.length >= 4 ? text.split(token).join('***') : text;
}

function networkReason(error: unknown, timeoutMs: number): string {
  const failure = error as Error & { cause?: { code?: string; message?: string } };
  if (failure.name === 'TimeoutError') return `no response within ${timeoutMs} ms`;
  return failure.cause?.code ?? failure.cause?.message ?? failure.message;
}
