import type { SessionEvent, SessionEventType, SessionRecord, TurnRecord, TurnStatus } from '../core/session.js';

/**
 * Sessions in the run store's file (`.ca/runs.db`, schema version 2): each session's state after its
 * last good turn, its turns, and its event stream. A turn's state is written in the same
 * transaction that marks the turn succeeded, so a process killed mid-turn leaves the last good
 * state and a turn that reads as `interrupted`.
 */
export interface SessionStore {
  /** A new session; `id` lets a caller pick a stable one (a ticket number, a chat id), otherwise one is made. */
  create(name: string, state: unknown, options?: { id?: string; now?: number }): SessionRecord;
  /** Whether a session with exactly this id exists. */
  has(id: string): boolean;
  /** By full id, unique prefix, or `last` (the most recently used session, of `name` when given). */
  get(idOrPrefix: string, name?: string): SessionRecord;
  list(query?: { name?: string; limit?: number }): SessionRecord[];
  /** Starts turn n+1 (status `running`); refuses while another live process is in a turn of this session. */
  beginTurn(sessionId: string, runId: string, message: string): TurnRecord;
  /** `ca run --resume` of a turn: the session's latest turn, if it did not succeed, is running again in this process. */
  reopenTurn(sessionId: string, runId: string): TurnRecord;
  /** Ends a turn; on success the new state and the turn count are written in the same transaction. */
  finishTurn(sessionId: string, turn: number, outcome: { status: Exclude<TurnStatus, 'running'>; reply?: string; error?: string; state?: unknown }): void;
  /** Appends one event (written at once: `ca listen` in another process is waiting for it). */
  appendEvent(sessionId: string, type: SessionEventType, fields?: { turn?: number; runId?: string; data?: unknown }): SessionEvent;
  /** Events after `afterSeq`, in order. */
  readEvents(sessionId: string, afterSeq?: number): SessionEvent[];
  turns(sessionId: string): TurnRecord[];
  /** Back to a fresh state (`/reset`); the turns and events stay as history. */
  reset(sessionId: string, state: unknown): void;
  close(sessionId: string): void;
}
