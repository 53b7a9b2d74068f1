import { EXIT, UserError } from '../core/errors.js';
import type { SessionEvent } from '../core/session.js';
import { forwardEvent } from '../runtime/forward-event.js';
import { loadProject, type ProjectOptions } from './load-project.js';
import { openRunStoreForReading } from './open-run-store.js';

export interface ListenOptions extends ProjectOptions {
  /** Session id, unique prefix, or `last`. */
  id: string;
  /** Replay the events already stored before tailing. */
  fromStart?: boolean;
  /** POST each event here (with retries). */
  forwardTo?: string;
  onEvent(event: SessionEvent): void;
  /** A forward that failed after its retries. */
  onForwardFailed?(event: SessionEvent, problem: string): void;
  signal: AbortSignal;
  pollMs?: number;
}

/**
 * `ca listen ID`: tails a session's events as other processes write them (SQLite in WAL mode: a
 * reader sees each commit, never blocks the writer). Ends when the session is closed or the signal
 * aborts. Reads only; nothing of the project is imported.
 */
export async function listenSession(options: ListenOptions): Promise<{ sessionId: string; events: number; forwardFailures: number }> {
  const { config } = await loadProject(options);
  const store = await openRunStoreForReading(config);
  if (!store) throw new UserError('unknown-session', `no session '${options.id}': nothing has run in this project yet`, { hint: 'start one with `ca chat NAME` or `ca trigger NAME MESSAGE`', exitCode: EXIT.usage });
  let seen = 0;
  let failures = 0;
  try {
    const session = store.sessions.get(options.id);
    let after = options.fromStart ? 0 : (store.sessions.readEvents(session.id).at(-1)?.seq ?? 0);
    const reported = new Set<string>();
    while (!options.signal.aborted) {
      for (const event of store.sessions.readEvents(session.id, after)) {
        // A dead turn is reported by readers without a stored seq of its own: once is enough.
        const key = `${event.type}:${event.turn ?? ''}:${event.seq}`;
        if (event.type === 'turn.failed' && reported.has(`dead:${event.turn}`)) continue;
        if (reported.has(key)) continue;
        reported.add(key);
        if (event.type === 'turn.failed') reported.add(`dead:${event.turn}`);
        after = Math.max(after, event.seq);
        seen++;
        options.onEvent(event);
        if (options.forwardTo) {
          const problem = await forwardEvent(options.forwardTo, event, { signal: options.signal });
          if (problem && problem !== 'cancelled') {
            failures++;
            options.onForwardFailed?.(event, problem);
          }
        }
        if (event.type === 'session.closed') return { sessionId: session.id, events: seen, forwardFailures: failures };
      }
      await pause(options.pollMs ?? 100, options.signal);
    }
    return { sessionId: session.id, events: seen, forwardFailures: failures };
  } finally {
    await store.close();
  }
}

/** Waits `ms`, or less when `signal` aborts. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
