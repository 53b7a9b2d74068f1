import type { TraceEvent } from '../core/trace.js';
import type { Approver } from '../core/approval.js';
import type { RunJournal } from '../core/journal.js';
import type { SecretScrubber } from '../core/secret-scrubber.js';
import type { JournalReplay } from './journal-replay.js';
import type { ModelCallPolicy } from './model-call.js';
import type { ModelClient } from './models/model-client.js';
import type { TraceCopy } from './trace-copy.js';

export type { ApprovalRequest, Approver } from '../core/approval.js';

/** Everything the interpreter needs from outside; the app layer provides it. */
export interface RuntimeOptions {
  runId: string;
  models: ModelClient;
  approve: Approver;
  /** Every trace event, in order (the run store, the live tree and `--json` listen here). */
  onEvent(event: TraceEvent): void;
  /** Where every step's start and end is journaled (SPEC §9); none: nothing is journaled. */
  journal?: RunJournal;
  /** `ca replay`: tools, reasoners, approvals and model calls are answered from this recorded journal. */
  replay?: JournalReplay;
  /** Aborting it cancels the run (Ctrl-C). */
  signal?: AbortSignal;
  /** What the trace keeps of a value (bounded, redacted); default: trace-copy.ts's bounds and no secrets. */
  traceCopy?: TraceCopy;
  /** Known secret values: removed from the run's result too (the trace copy removes them from the trace). */
  scrubber?: SecretScrubber;
  /** ca.yaml's `models:` defaults for model calls (timeout, retries, longest wait). */
  modelPolicy?: Partial<ModelCallPolicy>;
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
