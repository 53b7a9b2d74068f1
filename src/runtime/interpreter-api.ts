import type { CallOptions, ThinkOptions } from '../sdk/ctx.js';
import type { Definition } from '../sdk/definition.js';
import type { ModelCallPolicy } from './model-call.js';
import type { ModelRequest, ModelResponse } from './models/model-client.js';
import type { RuntimeOptions } from './runtime-options.js';
import type { StepJournal } from './step-journal.js';
import type { JournalEntry } from '../core/journal.js';
import type { Span, TraceRecorder } from './trace-recorder.js';

/**
 * What `ctx` and the agent loop need of the interpreter. An interface of its own so those modules
 * and the interpreter (which uses them) do not import each other.
 */
export interface RunInterpreter {
  readonly options: RuntimeOptions;
  readonly recorder: TraceRecorder;
  readonly steps: StepJournal;
  /** `path`: the group item the call is made in (`map#1[3]/`), part of its step key. */
  call(parent: Span, caller: Definition, callee: Definition, input: unknown, opts: CallOptions, signal: AbortSignal, path?: string): Promise<unknown>;
  think(parent: Span, caller: Definition, reasoner: Definition, input: unknown, signal: AbortSignal, opts?: ThinkOptions, path?: string): Promise<unknown>;
  projectCode<T>(span: Span, def: Definition, work: () => T): T;
  restore(parent: Span, step: { name: string; kind: Span['kind']; key: string; input?: unknown }, answer: { restore: JournalEntry; note?: string; record?: boolean }): Promise<unknown>;
  model(span: Span, request: Omit<ModelRequest, 'signal'>, policy: ModelCallPolicy, signal: AbortSignal): Promise<ModelResponse>;
  policyFor(def: { timeoutMs?: number | undefined; retries?: number | undefined }, opts?: ThinkOptions): ModelCallPolicy;
  approve(parent: Span, prompt: string, signal: AbortSignal, tool?: string, path?: string): Promise<boolean>;
  log(span: Span, message: string, data?: unknown): void;
  fail(span: Span, error: unknown, extra?: { tokens?: { input: number; output: number }; costUsd?: number; model?: string }): void;
  jsonSchema(schema: unknown, io: 'input' | 'output'): Record<string, unknown>;
  /** An MCP tool's locked contract; undefined for any other definition. Throws when the tool is not locked. */
  mcpContract(def: Definition): { inputSchema: Record<string, unknown>; description?: string } | undefined;
}
