import type { TraceError } from './trace.js';

/**
 * Sessions (SPEC §8): a conversation that outlives the process. Its state after each good turn and
 * its event stream are stored; `ca listen` tails the events, `ca chat` and `ca trigger` add turns.
 */

export type SessionEventType = 'session.created' | 'turn.started' | 'emit' | 'tool.called' | 'reply' | 'turn.failed' | 'turn.done' | 'session.reset' | 'session.closed';

export interface SessionEvent {
  sessionId: string;
  /** Position in the session's stream, from 1. */
  seq: number;
  /** Milliseconds since the epoch. */
  at: number;
  type: SessionEventType;
  /** The turn it belongs to (1-based); absent for session-level events. */
  turn?: number;
  /** The run of that turn, for `ca trace`. */
  runId?: string;
  data?: unknown;
}

export type TurnStatus = 'running' | 'succeeded' | 'failed' | 'cancelled' | 'interrupted';

export interface TurnRecord {
  turn: number;
  runId: string;
  status: TurnStatus;
  message: string;
  reply?: string;
  error?: string;
  startedAt: number;
  endedAt?: number;
}

export interface SessionRecord {
  id: string;
  /** The session (or agent) node it talks to. */
  name: string;
  createdAt: number;
  updatedAt: number;
  /** Good turns so far. */
  turns: number;
  /** The state after the last good turn. */
  state: unknown;
  closed: boolean;
}

/** A new session id: `s_` + time in base36 + random, sortable like run ids. */
export function newSessionId(now = Date.now()): string {
  const random = Math.floor(Math.random() * 36 ** 6);
  return `s_${now.toString(36).padStart(8, '0')}${random.toString(36).padStart(6, '0')}`;
}

/** A call made during a turn, as the REPL's compact line and the `tool.called` event show it. */
export interface ToolCallNote {
  name: string;
  kind: string;
  input?: unknown;
  status: 'succeeded' | 'failed' | 'cancelled';
  durationMs: number;
  error?: TraceError;
}

export interface TurnReport {
  sessionId: string;
  turn: number;
  runId: string;
  status: 'succeeded' | 'failed' | 'cancelled';
  reply?: string;
  error?: TraceError;
  failedPath?: string[];
  toolCalls: ToolCallNote[];
  /** The session's state after the turn (the last good one when it failed). */
  state: unknown;
  durationMs: number;
  costUsd: number;
}


/** One line of a `ca chat` conversation as `/save` writes it: what was said, called, or went wrong. */
export type ChatTranscriptEntry =
  | { type: 'user'; text: string }
  | { type: 'reply'; turn: number; text: string }
  | { type: 'tool'; turn: number; call: ToolCallNote }
  | { type: 'failed'; turn: number; status: 'failed' | 'cancelled'; error?: TraceError; failedPath?: string[] }
  | { type: 'reset' };
