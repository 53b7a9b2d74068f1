/**
 * Node empties its event loop and is about to exit: if a run is still waiting then, what it waits
 * on is a promise nothing can ever settle (a tool that forgot to resolve, a lost callback). Without
 * this, the process would end with exit 13 and print nothing; with it, each waiting run fails,
 * naming the step it waited on, and ca goes on (the next chat line, the next session test).
 */
const waiting = new Set<() => void>();
let listening = false;

/** Calls `onStuck` if the process runs out of work while the watch is on; returns the switch to turn it off. */
export function watchForStuck(onStuck: () => void): () => void {
  if (!listening) {
    listening = true;
    process.on('beforeExit', () => {
      for (const stuck of [...waiting]) stuck();
    });
  }
  waiting.add(onStuck);
  return () => waiting.delete(onStuck);
}
