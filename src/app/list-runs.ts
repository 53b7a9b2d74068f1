import type { RunsResult } from '../core/results.js';
import type { RunStatus } from '../core/trace.js';
import { openProject, type ProjectOptions } from './load-project.js';
import { openRunStoreForReading, runStoreLocation, withRunStore } from './open-run-store.js';
import { maskUrl } from '../core/store-location.js';

export interface ListRunsOptions extends ProjectOptions {
  limit?: number;
  name?: string;
  status?: RunStatus;
  sessionId?: string;
}

/** The project's recorded runs, newest first: reads the run store only (no file yet: none). */
export async function listRuns(options: ListRunsOptions): Promise<RunsResult> {
  const config = await openProject(options);
  const query = { limit: options.limit, name: options.name, status: options.status, sessionId: options.sessionId };
  return withRunStore(await openRunStoreForReading(config), async (store) => ({
    path: maskUrl(runStoreLocation(config)),
    runs: store ? await store.listRuns(query) : [],
  }));
}
