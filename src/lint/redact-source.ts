import { REDACTED } from '../core/secret-scrubber.js';

/** Shorter secrets are blanked only as whole string literals: bare, they would blank ordinary words. */
const MIN_BARE_LENGTH = 8;

/**
 * A source line with `secrets` blanked out, for an excerpt: each string literal that holds one
 * (however TypeScript quotes it) becomes `'[redacted]'`, and a long one is blanked wherever else
 * it stands (a comment, a longer literal).
 */
export function redactSource(line: string, secrets: readonly string[]): string {
  let out = line;
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
    if (secret === '') continue;
    for (const quote of ["'", '"', '`']) {
      const escaped = secret.replace(/\\/g, '\\\\').replaceAll(quote, `\\${quote}`);
      for (const form of new Set([secret, escaped])) out = out.replaceAll(`${quote}${form}${quote}`, `${quote}${REDACTED}${quote}`);
    }
    if (secret.length >= MIN_BARE_LENGTH) out = out.replaceAll(secret, REDACTED);
  }
  return out;
}
