import { existsSync, readFileSync } from 'node:fs';

/**
 * Polls `check` until it gives a value (anything but undefined or false), for what another process
 * does in its own time; a clear error naming `what` after `ms`.
 */
export async function until<T>(check: () => Promise<T | undefined | false> | T | undefined | false, what: string, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** The non-empty lines of a file a fixture's tools append to; none before it exists. */
export const fileLines = (file: string): string[] => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : []);
