/**
 * A single self-overwriting status line on a TTY stderr; silent elsewhere, so logs stay clean.
 */
export function createProgress(stream: NodeJS.WriteStream, label: string, minimum = 200): { update(done: number, total: number): void; done(): void } {
  let shown = false;
  let last = 0;
  return {
    update(done, total) {
      if (!stream.isTTY || total < minimum) return;
      const now = Date.now();
      if (done !== total && now - last < 80) return;
      last = now;
      shown = true;
      stream.write(`\r${label} ${done}/${total}\u001B[K`);
    },
    done() {
      if (shown) stream.write('\r\u001B[K');
      shown = false;
    },
  };
}
