import type { Awaitable } from './awaitable.js';
import type { JsonValue } from './json-value.js';
import type { SpanKind, TraceError } from './trace.js';

/**
 * A run's journal (SPEC §9): one entry per step, written as the step starts and again as it ends,
 * before the next step begins, so a run killed at any moment knows which steps completed (with
 * their exact outputs) and which one was in flight. The interpreter writes it through this
 * interface alone; the run store's SQLite table is one implementation, a PostgreSQL or
 * durable-engine backend another, and the interpreter never knows which it has. The interpreter
 * awaits each write before it goes on: a step runs only once its start is on record.
 */
export interface RunJournal {
  /** Records that a step starts (or starts again: a retry or a resume); written before it runs. */
  stepStarted(runId: string, step: StepStart): Awaitable<void>;
  /** Records how a step ended, with its exact output; written before the next step starts. */
  stepEnded(runId: string, key: string, end: StepEnd): Awaitable<void>;
  /** Every entry of a run, in the order the steps first started. */
  readSteps(runId: string): Awaitable<JournalEntry[]>;
}

/** What a step is, fixed when it first starts. */
export interface StepStart {
  /**
   * Its deterministic place in the run: the path of callers, the callee and the call's ordinal
   * under its caller, e.g. `refund_flow/issue_refund#1`, `bulk_price/map#1[3]/price_sku#1`,
   * `concierge/round#2/model#1` (docs/architecture.md, "Step keys").
   */
  key: string;
  /** The definition called (its node name), or `model` / `approval` for those steps. */
  name: string;
  kind: SpanKind;
  /** sha256 of the input's canonical JSON: a resumed run with the same key but another hash has diverged. */
  inputHash: string;
  /** The exact input, kept for the run's root step only: what a replay or resume starts the run with. */
  input?: JsonValue;
  /** For tools: what re-running an unfinished step could do (absent: `write`). */
  effect?: 'read' | 'write' | 'dangerous';
  idempotent?: boolean;
  /** The key a tool passes to the outside system (`ctx.idempotencyKey`): the same on every attempt and resume. */
  idempotencyKey: string;
  /** 1 for the first attempt. */
  attempt: number;
  at: number;
}

export interface StepEnd {
  status: 'succeeded' | 'failed' | 'cancelled';
  /** The exact output (core/json-value.ts), known secrets removed. */
  output?: JsonValue;
  error?: TraceError;
  attempts: number;
  at: number;
}

export type StepStatus = 'started' | StepEnd['status'];

/** A step as the journal holds it: what it is (fixed when it first started) and how far it got. */
export interface JournalEntry extends Omit<StepStart, 'attempt' | 'at'> {
  /** `started` while in flight, and forever for a step whose process died during it. */
  status: StepStatus;
  attempts: number;
  startedAt: number;
  endedAt?: number;
  output?: JsonValue;
  error?: TraceError;
}
