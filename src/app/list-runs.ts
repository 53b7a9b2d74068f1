import type { RunsResult } from '../core/results.js';
import type { RunStatus } from '../core/trace.js';
import { openProject, type ProjectOptions } from './load-project.js';
import { openRunStoreForReading, runStoreLocation, withRunStore } from './open-run-store.js';
import { isPostgresUrl, maskUrl } from '../core/store-location.js';
import type { TimedRunSummary } from '../core/run-timing.js';
import { workerLeaseMs } from '../queue/worker-lease.js';

export interface ListRunsOptions extends ProjectOptions {
  limit?: number;
  name?: string;
  status?: RunStatus;
  sessionId?: string;
  /** Only runs of this worker env. */
  env?: string;
}

/** The project's recorded runs, newest first: reads the run store only (no file yet: none). */
export async function listRuns(options: ListRunsOptions): Promise<RunsResult> {
  const config = await openProject(options);
  const query = { limit: options.limit, name: options.name, status: options.status, sessionId: options.sessionId, env: options.env };
  const location = runStoreLocation(config);
  return withRunStore(await openRunStoreForReading(config), async (store) => {
    const runs = store ? await store.listRuns(query) : [];
    const result: RunsResult = { path: maskUrl(location), runs };
    const unserved = isPostgresUrl(location) ? await unservedReleases(location, runs) : [];
    if (unserved.length > 0) result.unserved = unserved;
    return result;
  });
}

/** The releases queued runs of the list are pinned to that no live worker serves. */
async function unservedReleases(location: string, runs: readonly TimedRunSummary[]): Promise<NonNullable<RunsResult['unserved']>> {
  const queued = runs.filter((run) => run.status === 'queued' && run.env !== undefined && run.release !== undefined);
  if (queued.length === 0) return [];
  const { PgWorkerRegistry } = await import('../ledger/postgres/pg-worker-registry.js');
  const registry = await PgWorkerRegistry.open(location);
  try {
    const unserved: NonNullable<RunsResult['unserved']> = [];
    for (const env of [...new Set(queued.map((run) => run.env!))].sort()) {
      const live = await registry.liveReleases(env, workerLeaseMs(process.env));
      const counts = new Map<string, number>();
      for (const run of queued) if (run.env === env && !live.has(run.release!)) counts.set(run.release!, (counts.get(run.release!) ?? 0) + 1);
      for (const [release, count] of counts) unserved.push({ env, release, queued: count });
    }
    return unserved;
  } finally {
    await registry.close();
  }
}
