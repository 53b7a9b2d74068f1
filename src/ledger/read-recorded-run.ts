import type { RecordedRun } from '../core/recorded-run.js';
import type { RunStore } from './run-store.js';

/** A whole run as `store` holds it (row, events, journal, fingerprints): what RunStore.importRun writes elsewhere. */
export async function readRecordedRun(store: RunStore, runId: string): Promise<RecordedRun> {
  const run = await store.getRun(runId);
  const [events, steps, fingerprints] = await Promise.all([store.readEvents(run.id), store.journal.readSteps(run.id), store.readFingerprints(run.id)]);
  return { run, events, steps, ...(fingerprints ? { fingerprints } : {}) };
}
