import crypto from 'node:crypto';

/**
 * A run's trace (SPEC §7): a stream of events, each a plain JSON object. The runtime emits them,
 * the run store keeps them in order, `--json` prints one per line, and the trace tree is rendered
 * from them alone: live and from `ca trace` alike, which is why both look the same.
 */

/** What a span stands for. `run` is the root: the flow, agent or session turn that was started. */
export type SpanKind = 'run' | 'tool' | 'flow' | 'agent' | 'reasoner' | 'session' | 'approval' | 'round' | 'model';

/**
 * How a span or a run ended. `running` only while in progress; `interrupted` when the process died;
 * `waiting` when a run parked at an approval (`--approve park`) until a person answers (SPEC §9);
 * `queued` when a run waits on a queue for a worker (`ca run --queue`, SPEC §10).
 */
export type RunStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled' | 'interrupted' | 'waiting';
export const RUN_STATUSES: readonly RunStatus[] = ['queued', 'running', 'succeeded', 'failed', 'cancelled', 'interrupted', 'waiting'];

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
  /** A fork (`ca run --fork RUN --from STEP`): the run whose journal it reused, up to that step. */
  forkOf?: { runId: string; step: string };
}

/**
 * A run picked up again by `ca run --resume` (SPEC §9): a new segment of the same run, in the same
 * stream. Its spans hang off the run's root like the first segment's; `spanId` is the root's id
 * in this segment. The segment before ended with its own `run.ended` (interrupted, failed, waiting…).
 */
export interface RunResumedEvent extends EventBase {
  type: 'run.resumed';
  spanId: string;
  /** 2 for the first resume. */
  segment: number;
  /** How the run stood before it was resumed. */
  from: Exclude<RunStatus, 'queued' | 'running' | 'succeeded'>;
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
  /** A call of an MCP server's tool (SPEC §12): the server's node and the tool's name on it. */
  mcp?: { server: string; tool: string };
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
  status: Exclude<RunStatus, 'queued' | 'running' | 'interrupted' | 'waiting'>;
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
  status: Exclude<RunStatus, 'queued' | 'running'>;
  output?: unknown;
  error?: TraceError;
  /** The path of span names from the root to the span that failed first. */
  failedPath?: string[];
  durationMs: number;
  tokens: TokenUsage;
  costUsd: number;
}

/**
 * Where a resumed run goes on (the run store's reopenRun): the segment's number, how the run stood,
 * the next sequence number of its stream, what the segments before spent (the run's totals carry
 * them), and how many times its root step started before.
 */
export interface RunSegment {
  segment: number;
  from: RunResumedEvent['from'];
  nextSeq: number;
  spent: { tokens: TokenUsage; costUsd: number; durationMs: number };
  rootAttempts: number;
}

export type TraceEvent = RunStartedEvent | RunResumedEvent | SpanStartedEvent | SpanLogEvent | SpanEndedEvent | RunEndedEvent;

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
  /** A run of a worker env (SPEC §14): the env it was queued for and the release it is pinned to. */
  env?: string;
  release?: string;
}

/** A stored run in full: `ca trace --json`'s `run`. */
export interface RunRecord extends RunSummary {
  /** Milliseconds since the epoch; null while running (and for a run interrupted before any event). */
  endedAt: number | null;
  /** The run's input and output as the events recorded them (already redacted and truncated). */
  input?: unknown;
  output?: unknown;
  /** The process that ran it, to tell a live run from one whose process died (`interrupted`). */
  pid: number;
  host: string;
  /** A fork: the run whose journal it reused, and the step it ran live from. */
  forkOf?: { runId: string; step: string };
  /** A run put on a queue (`ca run --queue`, SPEC §10): the queue, so an approval or a drain queues its next segment there. */
  queue?: string;
}

/**
 * A new run id: `r_` + the start time in base36 (8 characters until 2059) + 6 random base36
 * characters, e.g. `r_mhq3k2x0a1b2c3`. Ids sort by start time as text, and like git hashes
 * any unique prefix names a run (`ca trace r_mhq3k2x0a`).
 */
export function newRunId(now = Date.now()): string {
  const random = crypto.randomBytes(4).readUInt32BE(0) % 36 ** 6;
  return `r_${now.toString(36).padStart(8, '0')}${random.toString(36).padStart(6, '0')}`;
}

/**
 * An event as one line of JSON: what `--json` streams and what the run store keeps, byte for byte.
 * Values should already be plain JSON (the runtime redacts and truncates them); a bigint becomes
 * its decimal text, and a value JSON cannot hold (a cycle) is replaced rather than lost with the event.
 */
export function traceEventJson(event: TraceEvent): string {
  try {
    return JSON.stringify(event, jsonSafe);
  } catch (error) {
    const note = `[unserialisable: ${(error as Error).message.split('\n')[0]}]`;
    const copy: Record<string, unknown> = { ...event };
    for (const key of ['input', 'output', 'data']) if (key in copy) copy[key] = note;
    return JSON.stringify(copy, jsonSafe);
  }
}

function jsonSafe(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}
