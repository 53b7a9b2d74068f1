import { UserError } from '../core/errors.js';

/** Where a token sits: the flag it came from, that flag's whole value, and the token's span in it. */
export interface TokenPlace {
  /** `--select`, `--exclude`, or `selector NAME` for YAML selectors. */
  source: string;
  text: string;
  start: number;
  end: number;
}

/**
 * A selector mistake: one line naming the token, then the value with a caret under the token.
 * Exit 2, like every usage error.
 */
export function selectionError(code: string, message: string, place: TokenPlace, hint?: string): UserError {
  const width = Math.max(1, place.end - place.start);
  return new UserError(code, `${message} in ${place.source}`, {
    hint,
    detail: [`  ${place.text}`, `  ${' '.repeat(place.start)}${'^'.repeat(width)}`],
  });
}
