import type { RunEndedEvent, RunSegment, RunStatus, SpanKind, TokenUsage, TraceError, TraceEvent } from '../core/trace.js';
import { outsideProjectCode } from './project-code.js';
import type { TraceCopy } from './trace-copy.js';

/** A span while it runs: its place in the tree and the model usage of everything under it. */
export interface Span {
  readonly id: string;
  readonly parent: Span | undefined;
  readonly name: string;
  readonly kind: SpanKind;
  /** The step key (step-journal.ts): the run's root is its node's name; children extend their parent's. */
  readonly key: string;
  /** Names from the root to this span: what a failure's "where" shows. */
  readonly path: readonly string[];
  readonly startedAt: number;
  /** Tokens and spend of this span and its descendants, so agents can check their budget. */
  readonly usage: { input: number; output: number; costUsd: number };
}

export interface SpanEnd {
  status: 'succeeded' | 'failed' | 'cancelled';
  output?: unknown;
  error?: TraceError;
  tokens?: TokenUsage;
  costUsd?: number;
  model?: string;
}

/**
 * Turns what the interpreter does into the ordered event stream of SPEC §7: sequence numbers,
 * timings, the trace's bounded and redacted copy of every value (trace-copy.ts), usage rolled up
 * to the ancestors of a span, and which spans are still open (what a stuck run waits on).
 */
export class TraceRecorder {
  private seq: number;
  private nextSpan = 0;
  /** Span ids of a resumed segment get its number, so they never collide with the segments before. */
  private readonly spanPrefix: string;
  private readonly failures = new WeakMap<object, readonly string[]>();
  private readonly open = new Set<Span>();
  private readonly sink: (event: TraceEvent) => void;

  constructor(
    readonly runId: string,
    emit: (event: TraceEvent) => void,
    private readonly redact: TraceCopy,
    private readonly now: () => number = Date.now,
    /** `ca run --resume`: the stream goes on from the segment before, and the run's totals carry what it spent. */
    private readonly segment?: RunSegment,
  ) {
    // Events are ca's output even when project code is what made the call that caused them.
    this.sink = (event) => outsideProjectCode(() => emit(event));
    this.seq = segment?.nextSeq ?? 0;
    this.spanPrefix = segment ? `g${segment.segment}.s` : 's';
  }

  private emit(event: TraceEvent): void {
    this.sink(event);
  }

  /** The innermost spans still open: what the run is waiting on right now. */
  waitingOn(): Span[] {
    const parents = new Set<Span>();
    for (const span of this.open) if (span.parent) parents.add(span.parent);
    return [...this.open].filter((span) => !parents.has(span));
  }

  /** The run's root span: `run.started`, or `run.resumed` when this is a later segment of the run. */
  startRun(name: string, kind: SpanKind, input: unknown, sessionId?: string, forkOf?: { runId: string; step: string }): Span {
    const span = this.newSpan(undefined, name, kind, name);
    if (this.segment) {
      span.usage.input = this.segment.spent.tokens.input;
      span.usage.output = this.segment.spent.tokens.output;
      span.usage.costUsd = this.segment.spent.costUsd;
      this.emit({ type: 'run.resumed', ...this.stamp(), spanId: span.id, segment: this.segment.segment, from: this.segment.from });
      return span;
    }
    this.emit({
      type: 'run.started',
      ...this.stamp(),
      name,
      kind,
      input: this.redact(input),
      spanId: span.id,
      ...(sessionId === undefined ? {} : { sessionId }),
      ...(forkOf === undefined ? {} : { forkOf }),
    });
    return span;
  }

  start(parent: Span, fields: { name: string; kind: SpanKind; key?: string; input?: unknown; attempt?: number; attempts?: number; mcp?: { server: string; tool: string } }): Span {
    const span = this.newSpan(parent, fields.name, fields.kind, fields.key ?? `${parent.key}/${fields.name}`);
    this.emit({
      type: 'span.started',
      ...this.stamp(),
      spanId: span.id,
      parentId: parent.id,
      name: fields.name,
      kind: fields.kind,
      ...(fields.input === undefined ? {} : { input: this.redact(fields.input) }),
      ...(fields.attempt === undefined ? {} : { attempt: fields.attempt, attempts: fields.attempts ?? fields.attempt }),
      ...(fields.mcp === undefined ? {} : { mcp: fields.mcp }),
    });
    return span;
  }

  log(span: Span, message: string, data?: unknown): void {
    this.emit({ type: 'span.log', ...this.stamp(), spanId: span.id, message: String(this.redact(message)), ...(data === undefined ? {} : { data: this.redact(data) }) });
  }

  end(span: Span, end: SpanEnd): void {
    this.open.delete(span);
    if (end.tokens || end.costUsd) {
      for (let at: Span | undefined = span; at; at = at.parent) {
        at.usage.input += end.tokens?.input ?? 0;
        at.usage.output += end.tokens?.output ?? 0;
        at.usage.costUsd += end.costUsd ?? 0;
      }
    }
    const stamp = this.stamp();
    this.emit({
      type: 'span.ended',
      ...stamp,
      spanId: span.id,
      status: end.status,
      durationMs: stamp.at - span.startedAt,
      ...(end.output === undefined ? {} : { output: this.redact(end.output) }),
      ...(end.error === undefined ? {} : { error: this.redactError(end.error) }),
      ...(end.tokens === undefined ? {} : { tokens: end.tokens }),
      ...(end.costUsd === undefined ? {} : { costUsd: end.costUsd }),
      ...(end.model === undefined ? {} : { model: end.model }),
    });
  }

  /** Remembers where `error` first failed, so the run's end can point at the span that caused it. */
  blame(error: unknown, span: Span): void {
    if (typeof error === 'object' && error !== null && !this.failures.has(error)) this.failures.set(error, span.path);
  }

  whereFailed(error: unknown): readonly string[] | undefined {
    return typeof error === 'object' && error !== null ? this.failures.get(error) : undefined;
  }

  endRun(root: Span, fields: { status: Exclude<RunStatus, 'queued' | 'running'>; output?: unknown; error?: TraceError; failedPath?: readonly string[] }): RunEndedEvent {
    this.open.clear();
    const stamp = this.stamp();
    const event: RunEndedEvent = {
      type: 'run.ended',
      ...stamp,
      status: fields.status,
      // A resumed run's duration is the time it ran in all its segments, not the time it lay interrupted or waiting.
      durationMs: stamp.at - root.startedAt + (this.segment?.spent.durationMs ?? 0),
      tokens: { input: root.usage.input, output: root.usage.output },
      costUsd: root.usage.costUsd,
      ...(fields.output === undefined ? {} : { output: this.redact(fields.output) }),
      ...(fields.error === undefined ? {} : { error: this.redactError(fields.error) }),
      ...(fields.failedPath === undefined ? {} : { failedPath: [...fields.failedPath] }),
    };
    this.emit(event);
    return event;
  }

  private redactError(error: TraceError): TraceError {
    return { ...error, message: String(this.redact(error.message)), ...(error.hint === undefined ? {} : { hint: String(this.redact(error.hint)) }) };
  }

  private newSpan(parent: Span | undefined, name: string, kind: SpanKind, key: string): Span {
    const span: Span = {
      id: `${this.spanPrefix}${this.nextSpan++}`,
      parent,
      name,
      kind,
      key,
      path: parent ? [...parent.path, name] : [name],
      startedAt: this.now(),
      usage: { input: 0, output: 0, costUsd: 0 },
    };
    this.open.add(span);
    return span;
  }

  private stamp(): { runId: string; seq: number; at: number } {
    return { runId: this.runId, seq: this.seq++, at: this.now() };
  }
}
