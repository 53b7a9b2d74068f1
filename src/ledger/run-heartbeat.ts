/** How often the process running a run says it is still alive: an interrupted run is timed to within about this. */
export const DEFAULT_HEARTBEAT_MS = 1_000;

/**
 * Beats for the runs this process is running: every `intervalMs` while at least one is open,
 * `beat(ids, now)` records that they are alive. A dead process stops beating, so the last beat
 * bounds how long an interrupted run lived even when it wrote no event for minutes (waiting on a
 * slow tool or an approval).
 *
 * Best effort: a beat that fails (the file busy or full) is dropped, as the next one may succeed
 * and the run itself must not fail for it. The timer never keeps the process alive.
 */
export class RunHeartbeat {
  private readonly open = new Set<string>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly beat: (runIds: readonly string[], now: number) => void,
    private readonly intervalMs: number = DEFAULT_HEARTBEAT_MS,
  ) {}

  add(runId: string): void {
    if (!(this.intervalMs > 0)) return;
    this.open.add(runId);
    if (this.timer !== undefined) return;
    this.timer = setInterval(() => this.tick(), this.intervalMs);
    this.timer.unref();
  }

  remove(runId: string): void {
    this.open.delete(runId);
    if (this.open.size === 0) this.stop();
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  private tick(): void {
    try {
      this.beat([...this.open], Date.now());
    } catch {
      // Dropped: see the class comment.
    }
  }
}
