import type { RunEndedEvent, RunStatus, SpanKind, TokenUsage, TraceError, TraceEvent } from '../core/trace.js';

/** A span while it runs: its place in the tree and the model usage of everything under it. */
export interface Span {
  readonly id: string;
  readonly parent: Span | undefined;
  readonly name: string;
  readonly kind: SpanKind;
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
 * timings, redaction of every value, and usage rolled up to the ancestors of a span.
 */
export class TraceRecorder {
  private seq = 0;
  private nextSpan = 0;
  private readonly failures = new WeakMap<object, readonly string[]>();

  constructor(
    readonly runId: string,
    private readonly emit: (event: TraceEvent) => void,
    private readonly redact: (value: unknown) => unknown,
    private readonly now: () => number = Date.now,
  ) {}

  startRun(name: string, kind: SpanKind, input: unknown, sessionId?: string): Span {
    const span = this.newSpan(undefined, name, kind);
    this.emit({
      type: 'run.started',
      ...this.stamp(),
      name,
      kind,
      input: this.redact(input),
      spanId: span.id,
      ...(sessionId === undefined ? {} : { sessionId }),
    });
    return span;
  }

  start(parent: Span, fields: { name: string; kind: SpanKind; input?: unknown; attempt?: number; attempts?: number }): Span {
    const span = this.newSpan(parent, fields.name, fields.kind);
    this.emit({
      type: 'span.started',
      ...this.stamp(),
      spanId: span.id,
      parentId: parent.id,
      name: fields.name,
      kind: fields.kind,
      ...(fields.input === undefined ? {} : { input: this.redact(fields.input) }),
      ...(fields.attempt === undefined ? {} : { attempt: fields.attempt, attempts: fields.attempts ?? fields.attempt }),
    });
    return span;
  }

  log(span: Span, message: string, data?: unknown): void {
    this.emit({ type: 'span.log', ...this.stamp(), spanId: span.id, message: String(this.redact(message)), ...(data === undefined ? {} : { data: this.redact(data) }) });
  }

  end(span: Span, end: SpanEnd): void {
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

  endRun(root: Span, fields: { status: Exclude<RunStatus, 'running'>; output?: unknown; error?: TraceError; failedPath?: readonly string[] }): RunEndedEvent {
    const stamp = this.stamp();
    const event: RunEndedEvent = {
      type: 'run.ended',
      ...stamp,
      status: fields.status,
      durationMs: stamp.at - root.startedAt,
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
    return { ...error, message: String(this.redact(error.message)) };
  }

  private newSpan(parent: Span | undefined, name: string, kind: SpanKind): Span {
    return {
      id: `s${this.nextSpan++}`,
      parent,
      name,
      kind,
      path: parent ? [...parent.path, name] : [name],
      startedAt: this.now(),
      usage: { input: 0, output: 0, costUsd: 0 },
    };
  }

  private stamp(): { runId: string; seq: number; at: number } {
    return { runId: this.runId, seq: this.seq++, at: this.now() };
  }
}
