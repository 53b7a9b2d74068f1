/** What stands in for a secret, and for the value of a field named like one, wherever it is written. */
export const REDACTED = '[redacted]';

/**
 * Removes known secret values (API keys, tokens) from text and values. ca makes one per process
 * from the credentials its configuration names and the environment's key-like variables
 * (config/credential-values.ts), and every place that writes data applies it: the run store, the
 * session store, the trace, the ledger's messages, the printed result and error lines.
 */
export interface SecretScrubber {
  /** Whether there is anything to hide at all. */
  readonly active: boolean;
  /** `text` with every secret replaced, also in its JSON-escaped form (so JSON text can be scrubbed as text). */
  text(text: string): string;
  /** A JSON value with every secret replaced in its strings and keys; the same value when none occurs. */
  value<T>(value: T): T;
}

/**
 * Every form a secret is written in: as is, JSON-escaped, URL-encoded, and base64 (standard and
 * URL-safe) at each of the three alignments it can have inside a longer encoded text (a Basic
 * `Authorization` header is base64 of `user:token`). Matched without regard to case: a service
 * that echoes a header back in upper case still echoes the secret.
 */
function formsOf(secret: string): string[] {
  const forms = [secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret)];
  const bytes = Buffer.from(secret, 'utf8');
  for (let offset = 0; offset < 3; offset++) {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64');
    // Only the characters made of the secret's bits alone: the ones at either end also hold the neighbours'.
    const middle = encoded.slice(Math.ceil((8 * offset) / 6), Math.floor((8 * (offset + bytes.length)) / 6));
    if (middle.length < 8) continue;
    forms.push(middle, middle.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return forms;
}

export function createSecretScrubber(secrets: readonly string[]): SecretScrubber {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (secret.length === 0) continue;
    for (const form of formsOf(secret)) forms.add(form);
  }
  // Longest first: a secret that contains another is replaced whole.
  const ordered = [...forms].sort((a, b) => b.length - a.length);
  const pattern = ordered.length > 0 ? new RegExp(ordered.map(escapeRegExp).join('|'), 'gi') : undefined;
  const text = (input: string): string => (pattern ? input.replace(pattern, REDACTED) : input);
  const value = (input: unknown): unknown => {
    if (typeof input === 'string') return text(input);
    if (typeof input !== 'object' || input === null) return input;
    if (Array.isArray(input)) return input.map(value);
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(input)) {
      const cleanKey = text(key);
      if (cleanKey === '__proto__') Object.defineProperty(out, cleanKey, { value: value(inner), enumerable: true, writable: true, configurable: true });
      else out[cleanKey] = value(inner);
    }
    return out;
  };
  return {
    active: ordered.length > 0,
    text: ordered.length > 0 ? text : (input) => input,
    value: <T>(input: T) => (ordered.length > 0 ? (value(input) as T) : input),
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export const NO_SECRETS: SecretScrubber = createSecretScrubber([]);
