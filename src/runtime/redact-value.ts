/**
 * What goes into a trace is redacted and bounded: keys and tokens never reach `.ca/runs.db` or a
 * terminal, and a tool returning a 5 MB document does not bloat the store.
 */
export interface RedactOptions {
  /** Secret values to hide wherever they appear (the values of key-like environment variables). */
  secrets: readonly string[];
  /** Longest string kept, in characters. */
  maxString?: number;
  /** Most array items kept. */
  maxItems?: number;
  /** Deepest nesting kept. */
  maxDepth?: number;
}

const SECRET_KEY = /(authorization|api[-_]?key|password|passwd|secret|token|cookie|credential)/i;
const SECRET_ENV = /(KEY|TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIALS?)$/i;
export const REDACTED = '[redacted]';

/** The values of environment variables that look like secrets (long enough to be worth hiding). */
export function secretsFromEnv(env: NodeJS.ProcessEnv): string[] {
  return Object.entries(env)
    .filter(([name, value]) => SECRET_ENV.test(name) && typeof value === 'string' && value.length >= 8)
    .map(([, value]) => value as string);
}

export function createRedactor(options: RedactOptions): (value: unknown) => unknown {
  const maxString = options.maxString ?? 2000;
  const maxItems = options.maxItems ?? 50;
  const maxDepth = options.maxDepth ?? 8;
  const secrets = [...new Set(options.secrets)].filter((s) => s.length > 0).sort((a, b) => b.length - a.length);

  const text = (value: string): string => {
    let out = value;
    for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    return out.length > maxString ? `${out.slice(0, maxString)}… (${out.length - maxString} more characters)` : out;
  };

  const walk = (value: unknown, depth: number, seen: Set<object>): unknown => {
    if (typeof value === 'string') return text(value);
    if (value === null || typeof value === 'number' || typeof value === 'boolean') return value;
    if (value === undefined) return undefined;
    if (typeof value === 'bigint') return `${value}n`;
    if (typeof value === 'function') return `[function ${value.name || 'anonymous'}]`;
    if (typeof value === 'symbol') return value.toString();
    if (value instanceof Date) return value.toISOString();
    if (value instanceof Error) return { error: text(value.message) };
    const object = value as object;
    if (seen.has(object)) return '[circular]';
    if (depth >= maxDepth) return Array.isArray(object) ? `[array of ${object.length}]` : '[object]';
    seen.add(object);
    try {
      if (Array.isArray(object)) {
        const items = object.slice(0, maxItems).map((item) => walk(item, depth + 1, seen) ?? null);
        if (object.length > maxItems) items.push(`… ${object.length - maxItems} more items`);
        return items;
      }
      if (object instanceof Map) return walk(Object.fromEntries(object), depth, seen);
      if (object instanceof Set) return walk([...object], depth, seen);
      const out: Record<string, unknown> = {};
      for (const [key, inner] of Object.entries(object)) {
        if (inner === undefined) continue;
        out[key] = SECRET_KEY.test(key) && inner !== null && inner !== '' ? REDACTED : walk(inner, depth + 1, seen);
      }
      return out;
    } finally {
      seen.delete(object);
    }
  };

  return (value) => walk(value, 0, new Set());
}
