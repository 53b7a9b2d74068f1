import os from 'node:os';
import { performance } from 'node:perf_hooks';
import type { LockHolder } from './ledger.js';

/** A lock (or pending row) from another host is trusted this long: we cannot ask that host. */
export const FOREIGN_HOLDER_STALE_MS = 6 * 60 * 60 * 1000;

export const HOST = os.hostname();

/** When this process started, to tell our own lock from one a dead process with our pid left. */
const STARTED_AT = Math.floor(performance.timeOrigin);

/**
 * Whether the process behind a lock row or a `pending` row may still be running. The verbs use it
 * to tell `deploying` from `interrupted` (pass the row's pid, host and time).
 * - same host: `kill(pid, 0)` (EPERM means it exists under another user); our own pid only
 *   counts when the row was written after this process started (pid reuse after a crash);
 * - another host: alive unless older than FOREIGN_HOLDER_STALE_MS.
 */
export function holderIsAlive(holder: LockHolder, now = Date.now()): boolean {
  return isProcessAlive(holder.pid, holder.host, holder.since, now);
}

/** holderIsAlive with separate arguments; without `since`, a process on another host always counts as alive. */
export function isProcessAlive(pid: number, host: string, since?: string, now = Date.now()): boolean {
  const sinceMs = since === undefined ? Number.NaN : Date.parse(since);
  if (host !== HOST) return Number.isNaN(sinceMs) || now - sinceMs < FOREIGN_HOLDER_STALE_MS;
  if (!Number.isInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return Number.isNaN(sinceMs) || sinceMs >= STARTED_AT;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
