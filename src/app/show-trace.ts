import { EXIT, UserError } from '../core/errors.js';
import type { TraceResult } from '../core/results.js';
import { openProject, type ProjectOptions } from './load-project.js';
import { openRunStoreForReading, noRunsYet, withRunStore } from './open-run-store.js';

/** One stored run, its events and its journal, by id, unique prefix or `last`. */
export async function showTrace(options: ProjectOptions & { run: string }): Promise<TraceResult> {
  const config = await openProject(options);
  return withRunStore(await openRunStoreForReading(config), async (store) => {
    if (!store) {
      throw noRunsYet(config, 'run a flow or agent with ca run NAME first');
    }
    const run = await store.getRun(options.run);
    return { run, events: await store.readEvents(run.id), steps: await store.journal.readSteps(run.id) };
  });
}
