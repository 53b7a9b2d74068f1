import type { UserError } from '../core/errors.js';
import { visible } from '../core/visible-text.js';
import type { Colors } from './colors.js';

/** One line: what, where, what to do; then any detail lines (a caret under a selector, say). */
export function formatUserError(error: UserError, c: Colors): string {
  const { file, line, column } = error.location ?? {};
  // One line whatever the message quotes (a node name, a path, a server's reply): its control characters are shown.
  const where = file ? `${visible([file, line, column].filter((p) => p !== undefined).join(':'))}: ` : '';
  const hint = error.hint ? ` ${c.dim(`(${visible(error.hint)})`)}` : '';
  const head = `${c.red('error')}: ${where}${visible(error.message)}${hint}`;
  return [head, ...(error.detail ?? []).map(visible)].join('\n');
}
