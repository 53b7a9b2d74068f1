import type { Colors } from './colors.js';

/** Clear the screen and move the cursor home; the scrollback above is left alone. */
export const CLEAR_SCREEN = '\u001B[2J\u001B[H';

/** The last line of a `--watch` redraw on a TTY: what is watched, what changed last, how to stop. */
export function renderWatchFooter(info: { files: number; changedFiles: readonly string[]; durationMs: number; time: Date }, c: Colors): string {
  const clock = info.time.toTimeString().slice(0, 8);
  const change = info.changedFiles.length === 0 ? '' : ` · ${info.changedFiles.slice(0, 2).join(', ')}${info.changedFiles.length > 2 ? ` and ${info.changedFiles.length - 2} more` : ''} changed (${info.durationMs} ms)`;
  return c.dim(`watching ${info.files} source file${info.files === 1 ? '' : 's'} · ${clock}${change} · Ctrl-C to stop`);
}

/** Printed once on stderr when the watch is in place (not a TTY): a script waits for it before editing. */
export function renderWatching(root: string, files: number, c: Colors): string {
  return c.dim(`watching ${files} source file${files === 1 ? '' : 's'} in ${root} (Ctrl-C to stop)`);
}
