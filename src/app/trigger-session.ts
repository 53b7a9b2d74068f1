import type { TurnReport } from '../core/session.js';
import { SessionRunner, type SessionOptions } from './session-runner.js';

/**
 * `ca trigger NAME [--session ID] MESSAGE`: one turn against the stored state, in a process of its
 * own: what a webhook handler or a cron job runs. Without --session a new session starts; an id of
 * your choosing (a ticket number) is created on first use.
 */
export async function triggerSession(options: SessionOptions & { message: string; signal?: AbortSignal }): Promise<TurnReport> {
  const runner = await SessionRunner.open({ ...options, createMissing: true });
  try {
    return await runner.turn(options.message, options.signal ? { signal: options.signal } : {});
  } finally {
    await runner.close();
  }
}
