import type { UserError } from '../core/errors.js';
import type { Colors } from './colors.js';

/** One line: what, where, what to do; then any detail lines (a caret under a selector, say). */
export function formatUserError(error: UserError, c: Colors): string {
  const { file, line, column } = error.location ?? {};
  const where = file ? `${[file, line, column].filter((p) => p !== undefined).join(':')}: ` : '';
  const hint = error.hint ? ` ${c.dim(`(${error.hint})`)}` : '';
  const head = `${c.red('error')}: ${where}${error.message}${hint}`;
  return [head, ...(error.detail ?? [])].join('\n');
}
