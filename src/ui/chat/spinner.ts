import { formatDuration } from '../trace/format-run-values.js';
import { SPINNER_FRAMES } from '../trace/render-trace-tree.js';
import type { Colors } from '../colors.js';

export interface Spinner {
  /** Starts drawing (at once, then every frame). */
  start(label: string): void;
  /** Erases the line so the caller can write a full line; the next frame draws it again below. */
  clear(): void;
  /** Erases the line and stops drawing until `resume()` (a question is on screen). */
  pause(): void;
  resume(): void;
  /** Erases the line and stops. Idempotent. */
  stop(): void;
}

const FRAME_MS = 80;
const CLEAR_LINE = '\r\u001B[2K';

/**
 * One line on a terminal while a turn runs: `⠋ refund_desk is thinking… 1.2s`. Off a TTY it
 * never writes anything, so piped output stays clean.
 */
export function createSpinner(stream: { write(text: string): unknown; isTTY?: boolean }, c: Colors, clock: () => number = Date.now): Spinner {
  const live = stream.isTTY === true;
  let timer: NodeJS.Timeout | undefined;
  let label = '';
  let startedAt = 0;
  let frame = 0;
  let drawn = false;
  let paused = false;

  const draw = () => {
    if (paused) return;
    const spinner = c.cyan(SPINNER_FRAMES[frame % SPINNER_FRAMES.length]!);
    stream.write(`${CLEAR_LINE}${spinner} ${label} ${c.dim(formatDuration(clock() - startedAt))}`);
    drawn = true;
  };
  const erase = () => {
    if (drawn) stream.write(CLEAR_LINE);
    drawn = false;
  };

  return {
    start(text) {
      if (!live) return;
      label = text;
      startedAt = clock();
      frame = 0;
      paused = false;
      draw();
      timer = setInterval(() => {
        frame++;
        draw();
      }, FRAME_MS);
      timer.unref();
    },
    clear: erase,
    pause() {
      erase();
      paused = true;
    },
    resume() {
      paused = false;
    },
    stop() {
      if (timer !== undefined) clearInterval(timer);
      timer = undefined;
      erase();
    },
  };
}
