import type { TraceEvent } from '../core/trace.js';
import type { ModelClient } from './models/model-client.js';

/** A request for a person's yes or no: `ctx.approve(prompt)`, or an agent's tool call that its policy gates. */
export interface ApprovalRequest {
  prompt: string;
  /** Span names from the run's root to the asker. */
  path: readonly string[];
  /** The tool an agent wants to call, when the request comes from an approval policy. */
  tool?: string;
}

/** Answers approval requests: a TTY prompt, `--approve all`, or a denial when nobody can be asked. */
export type Approver = (request: ApprovalRequest, signal: AbortSignal) => Promise<boolean>;

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
  /** JSON Schema of a definition's input/output schema, for the tools offered to a model. */
  toJsonSchema?: (schema: unknown) => Record<string, unknown>;
  /** Default bound of `ctx.map` when the caller gives none. */
  maxParallel?: number;
  /** The session this run is a turn of. */
  sessionId?: string;
  /** Where `ctx.emit` of a session turn goes. */
  onEmit?: (event: string, data: unknown) => void;
  /** Clock for timings; tests pin it. */
  now?: () => number;
}

export const DEFAULT_MAX_PARALLEL = 8;
