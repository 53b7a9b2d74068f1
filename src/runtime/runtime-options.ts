import type { TraceEvent } from '../core/trace.js';
import type { Approver } from '../core/approval.js';
import type { RunJournal } from '../core/journal.js';
import type { SecretScrubber } from '../core/secret-scrubber.js';
import type { RecordedSteps } from './recorded-steps.js';
import type { RunSegment } from '../core/trace.js';
import type { ModelCallPolicy } from './model-call.js';
import type { ModelClient } from './models/model-client.js';
import type { TraceCopy } from './trace-copy.js';
import type { McpRunSetup } from './mcp/mcp-sessions.js';
import type { ToolMocks } from './tool-mocks.js';

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
  /** A recorded journal consulted before each step: `ca replay` (journal-replay.ts), `--resume` and `--fork` (journal-resume.ts). */
  recorded?: RecordedSteps;
  /** `ca run --resume`: this run goes on in a new segment of the same run (the store reopened it). */
  segment?: RunSegment;
  /** A fork: the run and step whose journal it reuses, recorded on its `run.started`. */
  forkOf?: { runId: string; step: string };
  /** Aborting it cancels the run (Ctrl-C). */
  signal?: AbortSignal;
  /**
   * Aborting it drains the run (a worker shutting down, SPEC §10): the steps in flight finish and are
   * journaled, no step starts after, and the run ends `interrupted`, to go on from its journal.
   */
  drain?: AbortSignal;
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
  /** The project's MCP servers and ca.mcp.lock: without it, calling an MCP tool fails (SPEC §12). */
  mcp?: McpRunSetup;
  /** `--mock FILE`'s `tools:`: those tools answer from the file and never run (an MCP tool's server is not started). */
  toolMocks?: ToolMocks;
  /** Clock for timings; tests pin it. */
  now?: () => number;
}

export const DEFAULT_MAX_PARALLEL = 8;
