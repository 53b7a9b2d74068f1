import { toJsonValue, type JsonValue } from '../core/json-value.js';
import { NO_SECRETS, REDACTED, type SecretScrubber } from '../core/secret-scrubber.js';

/**
 * What a trace keeps of a value: the exact JSON conversion (core/json-value.ts), then bounded and
 * redacted, marked where cut, so a tool returning a 5 MB document does not bloat the trace and a
 * token never reaches `.ca/runs.db` or a terminal. Only traces and stores hold this copy: what a
 * verb prints as the result is the exact value (SPEC §7).
 */
export interface TraceCopyOptions {
  /** Known secret values, replaced wherever they appear. */
  scrubber?: SecretScrubber;
  /** Longest string kept, in characters (default 2,000). */
  maxString?: number;
  /** Most array items kept (default 50). */
  maxItems?: number;
  /** Deepest nesting kept (default 8). */
  maxDepth?: number;
}

export type TraceCopy = (value: unknown) => JsonValue | undefined;

/**
 * Field names that hold credentials: compared without case, `-` and `_`, by how they end, so
 * `apiKey`, `x-api-key`, `accessToken`, `client_secret` and `Authorization` are hidden while
 * `tokens`, `maxTokens` and `tokenCount` are not.
 */
const SECRET_FIELD_ENDINGS = ['token', 'apikey', 'password', 'passwd', 'secret', 'authorization', 'cookie', 'credential', 'credentials', 'privatekey', 'accesskey'];

export function isSecretField(key: string): boolean {
  const normal = key.toLowerCase().replace(/[-_\s]/g, '');
  return normal === 'auth' || SECRET_FIELD_ENDINGS.some((ending) => normal.endsWith(ending));
}

export function createTraceCopy(options: TraceCopyOptions = {}): TraceCopy {
  const maxString = options.maxString ?? 2000;
  const maxItems = options.maxItems ?? 50;
  const maxDepth = options.maxDepth ?? 8;
  const scrubber = options.scrubber ?? NO_SECRETS;

  const text = (value: string): string => {
    const clean = scrubber.text(value);
    return clean.length > maxString ? `${clean.slice(0, maxString)}… ${count(clean.length - maxString)} more characters` : clean;
  };

  const bound = (value: JsonValue, depth: number): JsonValue => {
    if (typeof value === 'string') return text(value);
    if (value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) {
      if (depth >= maxDepth) return `[array of ${count(value.length)} items]`;
      const items = value.slice(0, maxItems).map((item) => bound(item, depth + 1));
      if (value.length > maxItems) items.push(`… ${count(value.length - maxItems)} more items`);
      return items;
    }
    const keys = Object.keys(value);
    if (depth >= maxDepth) return `[object of ${count(keys.length)} keys]`;
    const out: Record<string, JsonValue> = {};
    for (const key of keys) {
      const inner = value[key]!;
      const copy = isSecretField(key) && inner !== null && inner !== '' ? REDACTED : bound(inner, depth + 1);
      const name = scrubber.text(key);
      if (name === '__proto__') Object.defineProperty(out, name, { value: copy, enumerable: true, writable: true, configurable: true });
      else out[name] = copy;
    }
    return out;
  };

  return (value) => {
    const json = toJsonValue(value);
    return json === undefined ? undefined : bound(json, 0);
  };
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}
