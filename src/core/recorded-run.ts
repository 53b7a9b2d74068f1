import type { JournalEntry } from './journal.js';
import type { TimedRunRecord } from './run-timing.js';
import type { RunStatus, TraceEvent } from './trace.js';

/**
 * A run as a run store holds it, whole: its row, every event of its trace, every step of its
 * journal and the fingerprints it was recorded with. What `ca runs pull` copies from the team's
 * store into a local one (RunStore.importRun writes it back as it was), and what a replay of an
 * env's runs reads. Values are as recorded: secrets were redacted when they were written.
 */
export interface RecordedRun {
  run: TimedRunRecord;
  events: TraceEvent[];
  steps: JournalEntry[];
  /** The `self` fingerprint of every node the run could reach; undefined for a run recorded before ca kept them. */
  fingerprints?: Record<string, string>;
}

/**
 * Whether a run ended, so its recorded outcome can be compared with a replay and a copy of it stays
 * true: not queued, running, parked (`waiting`) or `interrupted` (a worker may still pick it up).
 */
export function hasEnded(status: RunStatus): boolean {
  return status === 'succeeded' || status === 'failed' || status === 'cancelled';
}
