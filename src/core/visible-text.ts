/**
 * Strings from project source (node names, descriptions, tags, file names, config values, model
 * and tool output) are data. In human output they must never act as control: a newline followed
 * by `::warning ::…` would inject a GitHub workflow command into a CI log, an escape sequence
 * would drive the terminal, a bidi override would make the text read differently from what it is.
 * `visible` shows every such character as an escape instead (`\n`, `\x1b`, `\u202e`).
 */

// C0 controls except tab, DEL, C1 controls, the Unicode line and paragraph separators, and the
// invisible bidi controls (Trojan Source, CVE-2021-42574). A tab is whitespace, not control.
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\b': '\\b', '\f': '\\f', '\v': '\\v', '\u0000': '\\0' };

function escapeOne(char: string): string {
  const named = NAMED[char];
  if (named) return named;
  const code = char.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

// GitHub Actions reads a line whose first non-blank characters are `::` as a workflow command.
const COMMAND_START = /^(\s*):/;

/**
 * `text` on one line with its control characters shown as escapes, and a leading `::` shown as
 * `\x3a:` so that, wherever it lands, it can never read as a workflow command. Text with neither
 * is returned as it is.
 */
export function visible(text: string): string {
  const shown = escapeControls(text);
  return shown.trimStart().startsWith('::') ? shown.replace(COMMAND_START, '$1\\x3a') : shown;
}

/** Multi-line text (a chat reply, a log message) kept on its lines, each one made `visible`. */
export function visibleLines(text: string): string {
  return text.split(/\r?\n/).map(visible).join('\n');
}

function escapeControls(text: string): string {
  CONTROL.lastIndex = 0;
  return CONTROL.test(text) ? text.replace(CONTROL, escapeOne) : text;
}

/** `text` in double quotes, its backslashes, quotes and control characters escaped: unambiguous, and one line. */
export function quoted(text: string): string {
  return `"${escapeControls(text.replace(/\\/g, '\\\\').replace(/"/g, '\\"'))}"`;
}
