/**
 * Project code may leave handles open (a database pool, an interval, a tool that ignored
 * `ctx.signal` after Ctrl-C): once a verb that ran it is done, the process ends anyway, after a
 * moment for output to drain, with the exit code already set. The timer is unref'd, so a process
 * with nothing left open ends at once, as usual.
 */
export function exitWhenDone(graceMs = 1000): void {
  setTimeout(() => process.exit(), graceMs).unref();
}
