import { EXIT, UserError } from '../core/errors.js';
import type { TraceResult } from '../core/results.js';
import { openProject, type ProjectOptions } from './load-project.js';
import { openRunStoreForReading, runStorePath, withRunStore } from './open-run-store.js';

/** One stored run, its events and its journal, by id, unique prefix or `last`. */
export async function showTrace(options: ProjectOptions & { run: string }): Promise<TraceResult> {
  const config = await openProject(options);
  return withRunStore(openRunStoreForReading(config), (store) => {
    if (!store) {
      throw new UserError('run-not-found', `no runs recorded yet: ${runStorePath(config)} does not exist`, {
        hint: 'run a flow or agent with ca run NAME first',
        exitCode: EXIT.usage,
      });
    }
    const run = store.getRun(options.run);
    return { run, events: store.readEvents(run.id), steps: store.journal.readSteps(run.id) };
  });
}
