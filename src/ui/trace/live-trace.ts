import type { TraceEvent } from '../../core/trace.js';
import type { Colors } from '../colors.js';
import { renderTraceTree } from './render-trace-tree.js';

/** What the live view needs of a stream: a TTY's size and write. */
export type LiveStream = Pick<NodeJS.WriteStream, 'write'> & { isTTY?: boolean; columns?: number; rows?: number };

export interface LiveTrace {
  /** Records an event; on a TTY the tree is redrawn (at most every FRAME_MS). */
  push(event: TraceEvent): void;
  /**
   * Erases the frame and stops redrawing, so the caller can write to the stream (an approval
   * prompt, a warning); `resume()` draws again below what was written. Off a TTY both do nothing.
   */
  pause(): void;
  resume(): void;
  /**
   * Stops redrawing and leaves the final tree, exactly `renderTraceTree(events, colors)` plus a
   * newline: the same bytes `ca trace` prints. Off a TTY this is the only output. Idempotent.
   */
  done(): void;
}

export const FRAME_MS = 100;

const ESC = '\u001B[';
const HIDE_CURSOR = `${ESC}?25l`;
const SHOW_CURSOR = `${ESC}?25h`;
const ANSI = /\u001B\[[0-9;?]*[A-Za-z]/g;

/**
 * The trace tree as the run happens. On a TTY it redraws in place about ten times a second (cursor
 * up over the previous frame, clear to the end of the screen), the spinner turning on running spans;
 * a frame is cut to the screen's height, since lines that scrolled away cannot be redrawn. Off a
 * TTY nothing is written until `done()`, which prints the tree once.
 */
export function createLiveTrace(stream: LiveStream, colors: Colors, options: { clock?: () => number } = {}): LiveTrace {
  const clock = options.clock ?? Date.now;
  const events: TraceEvent[] = [];
  const live = stream.isTTY === true;
  let finished = false;
  let paused = false;
  let frame = 0;
  /** Terminal rows the frame on screen takes. */
  let drawnRows = 0;
  let drawnText = '';
  let lastDraw = 0;
  let timer: NodeJS.Timeout | undefined;
  const restoreCursor = () => stream.write(SHOW_CURSOR);

  const erase = () => (drawnRows > 0 ? `\r${ESC}${drawnRows}A${ESC}0J` : `\r${ESC}0J`);

  const draw = () => {
    if (paused) return;
    lastDraw = clock();
    const text = fitToScreen(renderTraceTree(events, colors, { now: lastDraw, frame }), stream);
    if (text === drawnText) return;
    stream.write(`${drawnText === '' ? '' : erase()}${text}\n`);
    drawnText = text;
    drawnRows = rowsOf(text, stream.columns);
  };

  const tick = () => {
    frame++;
    draw();
  };

  return {
    push(event) {
      if (finished) return;
      events.push(event);
      if (!live) return;
      if (timer === undefined) {
        stream.write(HIDE_CURSOR);
        process.once('exit', restoreCursor);
        timer = setInterval(tick, FRAME_MS);
        timer.unref();
      }
      if (clock() - lastDraw >= FRAME_MS) draw();
    },
    pause() {
      if (!live || finished || paused) return;
      paused = true;
      if (drawnText !== '') stream.write(erase());
      drawnText = '';
      drawnRows = 0;
    },
    resume() {
      if (!paused) return;
      paused = false;
      if (!finished) draw();
    },
    done() {
      if (finished) return;
      finished = true;
      const final = renderTraceTree(events, colors);
      if (timer !== undefined) {
        clearInterval(timer);
        process.removeListener('exit', restoreCursor);
      }
      if (!live) {
        if (final !== '') stream.write(`${final}\n`);
        return;
      }
      stream.write(`${drawnText === '' ? '' : erase()}${final === '' ? '' : `${final}\n`}${timer !== undefined ? SHOW_CURSOR : ''}`);
      drawnText = '';
      drawnRows = 0;
    },
  };
}

/** The last lines of a frame that fit on the screen (one row is left for the cursor). */
function fitToScreen(text: string, stream: LiveStream): string {
  const height = stream.rows;
  if (text === '' || height === undefined || height < 2) return text;
  const lines = text.split('\n');
  let rows = 0;
  let start = lines.length;
  while (start > 0) {
    const next = rowsOf(lines[start - 1]!, stream.columns);
    if (rows + next > height - 1) break;
    rows += next;
    start--;
  }
  return lines.slice(start).join('\n');
}

/** Terminal rows a text takes, long lines wrapping at `columns`. */
function rowsOf(text: string, columns: number | undefined): number {
  return text.split('\n').reduce((sum, line) => {
    const width = [...line.replace(ANSI, '')].length;
    return sum + (columns && columns > 0 ? Math.max(1, Math.ceil(width / columns)) : 1);
  }, 0);
}
