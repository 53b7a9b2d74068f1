import { setTimeout as delay } from 'node:timers/promises';
import type { ProjectConfig } from '../config/project-config.js';
import type { JsonValue } from '../core/json-value.js';
import type { RunRecord, TraceEvent } from '../core/trace.js';
import { DRAINED } from '../runtime/step-journal.js';
import { openRunStoreForReading, withRunStore } from './open-run-store.js';

export interface FollowOptions {
  /** Each event of the run once, in order, as workers write it. */
  onEvent?: (event: TraceEvent) => void;
  signal?: AbortSignal;
  pollMs?: number;
}

/**
 * `ca run --queue --wait`: reads the run store until the run has ended, on whichever worker (or
 * workers: a drained or taken-over run goes on elsewhere), streaming its events, and returns it
 * with the exact output it returned. A run stopped by a
 * draining worker is not over: it waits on the queue for the next one.
 */
export async function followRun(config: Pick<ProjectConfig, 'root' | 'runs'>, runId: string, options: FollowOptions = {}): Promise<{ run: RunRecord; output?: JsonValue }> {
  return withRunStore(await openRunStoreForReading(config), async (store) => {
    let seen = 0;
    for (;;) {
      const run = await store!.getRun(runId);
      const events = await store!.readEvents(runId);
      for (const event of events.slice(seen)) options.onEvent?.(event);
      seen = Math.max(seen, events.length);
      if (isOver(run)) {
        // The exact value the run returned is its root step's output in the journal (the row keeps the trace's bounded copy).
        const root = (await store!.journal.readSteps(runId)).find((step) => step.key === run.name);
        return root?.output === undefined || run.status !== 'succeeded' ? { run } : { run, output: root.output };
      }
      await delay(options.pollMs ?? 200, undefined, options.signal ? { signal: options.signal } : undefined);
    }
  });
}

/** A queued run that reads `interrupted` is not over: a drain queued it again, or a dead worker's lease hands it to another. */
function isOver(run: RunRecord): boolean {
  if (run.status === 'queued' || run.status === 'running') return false;
  if (run.status !== 'interrupted') return true;
  return run.queue === undefined && run.error?.code !== DRAINED;
}
