/**
 * A run's trace (SPEC §7): a stream of events, each a plain JSON object. The runtime emits them,
 * the run store keeps them in order, `--json` prints one per line, and the trace tree is rendered
 * from them alone: live and from `ca trace` alike, which is why both look the same.
 */

/** What a span stands for. `run` is the root: the flow, agent or session turn that was started. */
export type SpanKind = 'run' | 'tool' | 'flow' | 'agent' | 'reasoner' | 'session' | 'approval' | 'round' | 'model';

/** How a span or a run ended. `running` only while in progress; `interrupted` when the process died. */
export type RunStatus = 'running' | 'succeeded' | 'failed' | 'cancelled' | 'interrupted';
export const RUN_STATUSES: readonly RunStatus[] = ['running', 'succeeded', 'failed', 'cancelled', 'interrupted'];

export interface TokenUsage {
  input: number;
  output: number;
}

/** An error as recorded: a code for machines (capability-denied, schema, timeout, budget, ...) and a message for people. */
export interface TraceError {
  code: string;
  message: string;
  /** Where in the input/output the bad field was, for schema errors (`items[2].amount`). */
  path?: string;
  /** What to change, e.g. the `uses` line for a capability error. */
  hint?: string;
}

interface EventBase {
  /** The run this event belongs to. */
  runId: string;
  /** Position in the run's stream, from 0. */
  seq: number;
  /** Milliseconds since the epoch. */
  at: number;
}

export interface RunStartedEvent extends EventBase {
  type: 'run.started';
  /** The node that was run. */
  name: string;
  kind: SpanKind;
  input: unknown;
  /** The root span's id. */
  spanId: string;
  sessionId?: string;
}

export interface SpanStartedEvent extends EventBase {
  type: 'span.started';
  spanId: string;
  parentId: string;
  /** Node name for calls, a label for rounds and approvals ("round 2", the approval prompt). */
  name: string;
  kind: SpanKind;
  input?: unknown;
  /** 1 for the first attempt of a call; retries count up. */
  attempt?: number;
  /** Attempts allowed in all (1 + retries). */
  attempts?: number;
}

export interface SpanLogEvent extends EventBase {
  type: 'span.log';
  spanId: string;
  message: string;
  data?: unknown;
}

export interface SpanEndedEvent extends EventBase {
  type: 'span.ended';
  spanId: string;
  status: Exclude<RunStatus, 'running' | 'interrupted'>;
  output?: unknown;
  error?: TraceError;
  durationMs: number;
  tokens?: TokenUsage;
  costUsd?: number;
  /** For a model span: the model id that answered. */
  model?: string;
}

export interface RunEndedEvent extends EventBase {
  type: 'run.ended';
  status: Exclude<RunStatus, 'running'>;
  output?: unknown;
  error?: TraceError;
  /** The path of span names from the root to the span that failed first. */
  failedPath?: string[];
  durationMs: number;
  tokens: TokenUsage;
  costUsd: number;
}

export type TraceEvent = RunStartedEvent | SpanStartedEvent | SpanLogEvent | SpanEndedEvent | RunEndedEvent;

/** One row of `ca runs`. */
export interface RunSummary {
  id: string;
  name: string;
  kind: SpanKind;
  status: RunStatus;
  startedAt: number;
  durationMs: number | null;
  tokens: TokenUsage;
  costUsd: number;
  error?: TraceError;
  sessionId?: string;
}
