import type { TraceEvent } from '../core/trace.js';
import type { Approver } from '../core/approval.js';
import type { ModelClient } from './models/model-client.js';

export type { ApprovalRequest, Approver } from '../core/approval.js';

/** Everything the interpreter needs from outside; the app layer provides it. */
export interface RuntimeOptions {
  runId: string;
  models: ModelClient;
  approve: Approver;
  /** Every trace event, in order (the run store, the live tree and `--json` listen here). */
  onEvent(event: TraceEvent): void;
  /** Aborting it cancels the run (Ctrl-C). */
  signal?: AbortSignal;
  /** Applied to every value that enters the trace; default: no redaction. */
  redact?: (value: unknown) => unknown;
  /** Where a node is defined ("src/tickets/triage.ts:14"), for the hints of capability errors. */
  locate?: (name: string) => string | undefined;
  /** Default bound of `ctx.map` when the caller gives none. */
  maxParallel?: number;
  /** The session this run is a turn of. */
  sessionId?: string;
  /** The text of a session agent's answer as the model streams it (the chat REPL shows it live). */
  onText?: (delta: string) => void;
  /** Where `ctx.emit` of a session turn goes. */
  onEmit?: (event: string, data: unknown) => void;
  /** Clock for timings; tests pin it. */
  now?: () => number;
}

export const DEFAULT_MAX_PARALLEL = 8;
