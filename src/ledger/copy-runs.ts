import { UserError } from '../core/errors.js';
import type { RecordedRun } from '../core/recorded-run.js';
import { readRecordedRun } from './read-recorded-run.js';
import type { RunStore } from './run-store.js';

export interface CopiedRuns {
  /** Written into the target now. */
  copied: string[];
  /** The target had them already (an earlier copy): left as they are. */
  already: string[];
  /** Read, and left out by `keep`. */
  leftOut: string[];
}

/**
 * Copies the runs `runIds` of `from` into `into`, in that order, each one whole (row, events,
 * journal, fingerprints) in a transaction of its own: a copy cut off half-way (a lost connection,
 * Ctrl-C) leaves every run it wrote complete and none in part, and running it again goes on where
 * it stopped. A run the target already holds is not read again. `keep` sees each run read and may
 * leave it out (a selection that needs its journal).
 */
export async function copyRuns(from: RunStore, into: RunStore, runIds: readonly string[], keep: (run: RecordedRun) => boolean = () => true): Promise<CopiedRuns> {
  const result: CopiedRuns = { copied: [], already: [], leftOut: [] };
  const present = await presentIn(into, runIds);
  for (const id of runIds) {
    if (present.has(id)) {
      result.already.push(id);
      continue;
    }
    const run = await readRecordedRun(from, id);
    if (!keep(run)) result.leftOut.push(id);
    else if (await into.importRun(run)) result.copied.push(id);
    else result.already.push(id);
  }
  return result;
}

/** Which of `runIds` the store holds: one lookup per run, of the row only. */
async function presentIn(store: RunStore, runIds: readonly string[]): Promise<Set<string>> {
  const present = new Set<string>();
  for (const id of runIds) {
    try {
      if ((await store.getRun(id)).id === id) present.add(id);
    } catch (error) {
      // Not there (or only longer ids start with it): to be copied.
      if (!(error instanceof UserError && (error.code === 'run-not-found' || error.code === 'run-ambiguous'))) throw error;
    }
  }
  return present;
}
