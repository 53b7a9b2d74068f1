import type { SecretScrubber } from '../core/secret-scrubber.js';

export interface RunStoreTuning {
  /** Buffered span events are written at most this long after they arrive (default 50 ms). */
  flushIntervalMs?: number;
  /** …or as soon as this many are waiting (default 1000). */
  flushEvents?: number;
  /** A running run's process writes its heartbeat this often (default 1 s; 0: never): one small UPDATE per open run. */
  heartbeatMs?: number;
  /**
   * Removes known secret values from everything written (core/secret-scrubber.ts): events, runs,
   * session state, turns and session events. The write boundary of SPEC §7: nothing reaches the store unscrubbed.
   */
  scrubber?: SecretScrubber;
}

export const DEFAULT_FLUSH_INTERVAL_MS = 50;
export const DEFAULT_FLUSH_EVENTS = 1000;
