import { TraceFlags, type Attributes, type HrTime, type Link, type SpanContext, type SpanKind, type SpanStatus } from '@opentelemetry/api';
import type { InstrumentationScope } from '@opentelemetry/core';
import type { Resource } from '@opentelemetry/resources';
import type { ReadableSpan, TimedEvent } from '@opentelemetry/sdk-trace-base';
import type { RunEndedEvent, RunResumedEvent, RunStartedEvent, SpanEndedEvent, SpanStartedEvent, TokenUsage, TraceError, TraceEvent } from '../../core/trace.js';
import { describeSpan, type SpanFacts } from './span-attributes.js';
import { runKey, spanIdOf, traceIdOf, type RunKey } from './trace-telemetry.js';

/**
 * A run's trace events → finished OpenTelemetry spans, the same conversion for a run as it happens
 * (`ca run`, a chat turn, a worker's run) and for a stored one (`ca trace RUN --export otlp`).
 *
 * The events are the record: each span is built once it has ended, with the times of its events,
 * and handed on as a ReadableSpan (what span processors and exporters take), so no tracer clock
 * or context is involved. Ids are derived from the run's: the trace id from the run id, a span id
 * from the run id and ca's span id. So a run is one trace whatever process exports which segment
 * of it, and exporting a stored run again sends the same ids (backends keep one copy).
 *
 * Structure: the same tree as `ca trace`. A `--resume` segment's root span is the one exception:
 * spans are immutable once exported, so the segment cannot add children to the first segment's
 * root after the fact; its root is a child of the run's root, with `ca.run.segment`, and the
 * segment's spans hang under it.
 */
export interface TraceSpansOptions {
  /** Export inputs and outputs (`telemetry.content: true`); the events' copies are redacted and bounded already. */
  content: boolean;
  resource: Resource;
  scope: InstrumentationScope;
  /** Each span as it ends. */
  emit(span: ReadableSpan): void;
}

/** A span between its start and its end. */
interface OpenSpan {
  /** Its OTLP ids, built once: a child's parentSpanContext is its parent's own object. */
  context: SpanContext;
  parentContext?: SpanContext | undefined;
  start: number;
  caId: string;
  name: string;
  kind: SpanFacts['kind'];
  attempt?: number;
  attempts?: number;
  mcp?: SpanFacts['mcp'];
  input?: unknown;
  /** An agent's: the first model its rounds called. */
  model?: string;
  /** Logs (content only), created with the first. */
  logs?: TimedEvent[];
  /** A run's root: what it adds to its attributes. */
  root?: Attributes;
  parent?: OpenSpan;
}

/** The events of one run, through all the segments this converter sees. */
class RunSpans {
  private readonly traceId: string;
  private readonly key: RunKey;
  private readonly open = new Map<string, OpenSpan>();
  private root: OpenSpan | undefined;
  /** The run's first start, for the name and kind of a resumed segment's root. */
  first: Pick<RunStartedEvent, 'name' | 'kind' | 'spanId' | 'sessionId'> | undefined;
  extra: Attributes = {};

  constructor(
    private readonly runId: string,
    private readonly options: TraceSpansOptions,
  ) {
    this.traceId = traceIdOf(runId);
    this.key = runKey(runId);
  }

  push(event: TraceEvent): void {
    switch (event.type) {
      case 'run.started':
        return this.startRun(event);
      case 'run.resumed':
        return this.resumeRun(event);
      case 'span.started':
        return this.startSpan(event);
      case 'span.log': {
        if (!this.options.content) return;
        const span = this.open.get(event.spanId) ?? this.root;
        const attributes: Attributes = event.data === undefined ? {} : { 'ca.log.data': JSON.stringify(event.data) };
        if (span) (span.logs ??= []).push({ name: event.message, time: hrTime(event.at), attributes, droppedAttributesCount: 0 });
        return;
      }
      case 'span.ended':
        return this.endSpan(event);
      case 'run.ended':
        return this.endRun(event);
    }
  }

  /** Ends whatever is still open (a stored run whose process died before its end was written). */
  close(at: number): void {
    if (this.root) this.endRun({ type: 'run.ended', runId: this.runId, seq: -1, at, status: 'interrupted', durationMs: 0, tokens: { input: 0, output: 0 }, costUsd: 0 });
  }

  private startRun(event: RunStartedEvent): void {
    this.first = { name: event.name, kind: event.kind, spanId: event.spanId, ...(event.sessionId === undefined ? {} : { sessionId: event.sessionId }) };
    const root: Attributes = {};
    if (event.forkOf) {
      root['ca.run.fork_of'] = event.forkOf.runId;
      root['ca.run.fork_step'] = event.forkOf.step;
    }
    this.root = this.newSpan(event.spanId, event.name, event.kind, event.at, undefined);
    this.root.input = event.input;
    this.root.root = root;
  }

  private resumeRun(event: RunResumedEvent): void {
    const first = this.first;
    const root: Attributes = { 'ca.run.segment': event.segment, 'ca.run.resumed_from': event.from };
    this.root = this.newSpan(event.spanId, first?.name ?? 'run', first?.kind ?? 'run', event.at, undefined);
    if (first) this.root.parentContext = this.contextOf(first.spanId);
    this.root.root = root;
  }

  private startSpan(event: SpanStartedEvent): void {
    // As `ca trace` draws it: a span whose parent is unknown hangs off the root.
    const parent = this.open.get(event.parentId) ?? this.root;
    const span = this.newSpan(event.spanId, event.name, event.kind, event.at, parent);
    span.input = event.input;
    span.attempt = event.attempt;
    span.attempts = event.attempts ?? event.attempt;
    span.mcp = event.mcp;
    this.open.set(event.spanId, span);
  }

  private endSpan(event: SpanEndedEvent): void {
    const span = this.open.get(event.spanId);
    if (!span) return;
    this.open.delete(event.spanId);
    // An agent's span says which model its rounds called.
    if (span.kind === 'round' && event.model !== undefined && span.parent?.kind === 'agent') span.parent.model ??= event.model;
    this.emit(span, event.at, event);
  }

  private endRun(event: RunEndedEvent): void {
    // Spans the segment left open (it was interrupted, cancelled or parked) end with it, cut short.
    for (const span of [...this.open.values()].reverse()) {
      // As `ca trace` shows them: interrupted with an interrupted run, waiting with a parked one, else cancelled.
      const cut = event.status === 'interrupted' || event.status === 'waiting' ? event.status : 'cancelled';
      this.emit(span, event.at, { status: cut, error: cut === 'waiting' ? undefined : { code: cut, message: `cut short: the run ${event.status}` } });
    }
    this.open.clear();
    const root = this.root;
    if (!root) return;
    this.root = undefined;
    this.emit(root, event.at, event);
  }

  private newSpan(caId: string, name: string, kind: OpenSpan['kind'], start: number, parent: OpenSpan | undefined): OpenSpan {
    // Built field by field, as often as spans start: spreads cost more than the rest of the conversion.
    return {
      context: this.contextOf(caId),
      parentContext: parent?.context,
      parent,
      start,
      caId,
      name,
      kind,
      attempt: undefined,
      attempts: undefined,
      mcp: undefined,
      input: undefined,
      model: undefined,
      logs: undefined,
      root: undefined,
    };
  }

  private contextOf(caId: string): SpanContext {
    return { traceId: this.traceId, spanId: spanIdOf(this.runId, caId, this.key), traceFlags: TraceFlags.SAMPLED };
  }

  private emit(span: OpenSpan, end: number, outcome: Outcome): void {
    const facts: SpanFacts = {
      runId: this.runId,
      caId: span.caId,
      name: span.name,
      kind: span.kind,
      attempt: span.attempt,
      attempts: span.attempts,
      mcp: span.mcp,
      sessionId: this.first?.sessionId,
      status: outcome.status,
      error: outcome.error,
      tokens: outcome.tokens,
      costUsd: outcome.costUsd,
      model: outcome.model ?? span.model,
      input: span.input,
      output: outcome.output,
    };
    const { name, kind, status, attributes } = describeSpan(facts, this.options.content);
    if (span.root) Object.assign(attributes, span.root, this.extra);
    this.options.emit(
      new ExportedSpan(
        name,
        kind,
        span.context,
        span.parentContext,
        span.start,
        Math.max(end, span.start),
        status,
        attributes,
        span.logs ?? NONE,
        this.options,
      ),
    );
  }
}

/** Shared by every span without links or events: never written to (exporters only read spans). */
const NONE: never[] = [];

/** A finished span, as span processors and exporters read it: built once, its duration worked out if asked. */
class ExportedSpan implements ReadableSpan {
  readonly startTime: HrTime;
  readonly endTime: HrTime;
  readonly links: Link[] = NONE;
  readonly ended = true;
  readonly resource: Resource;
  readonly instrumentationScope: InstrumentationScope;
  readonly droppedAttributesCount = 0;
  readonly droppedEventsCount = 0;
  readonly droppedLinksCount = 0;

  constructor(
    readonly name: string,
    readonly kind: SpanKind,
    private readonly context: SpanContext,
    readonly parentSpanContext: SpanContext | undefined,
    private readonly startMs: number,
    private readonly endMs: number,
    readonly status: SpanStatus,
    readonly attributes: Attributes,
    readonly events: TimedEvent[],
    options: Pick<TraceSpansOptions, 'resource' | 'scope'>,
  ) {
    this.startTime = hrTime(startMs);
    this.endTime = hrTime(endMs);
    this.resource = options.resource;
    this.instrumentationScope = options.scope;
  }

  spanContext(): SpanContext {
    return this.context;
  }

  get duration(): HrTime {
    return hrTime(this.endMs - this.startMs);
  }
}

/** How a span ended: its end event, or what cuts it short. */
interface Outcome {
  status: SpanFacts['status'];
  error?: TraceError | undefined;
  tokens?: TokenUsage;
  costUsd?: number;
  model?: string;
  output?: unknown;
}

/**
 * Live: the events of any number of runs, interleaved (a worker runs several at once). A run's
 * state lives from its start (or resume) to its end.
 */
export class TraceSpans {
  private readonly runs = new Map<string, RunSpans>();

  constructor(private readonly options: TraceSpansOptions) {}

  push(event: TraceEvent): void {
    let run = this.runs.get(event.runId);
    if (!run) {
      // Only a start opens a run; the tail of a run this process did not see start is not exported.
      if (event.type !== 'run.started' && event.type !== 'run.resumed') return;
      run = new RunSpans(event.runId, this.options);
      this.runs.set(event.runId, run);
    }
    run.push(event);
    if (event.type === 'run.ended') this.runs.delete(event.runId);
  }

  /** A resumed run's earlier segments (exported when they ran): only what the new segment's root needs to know. */
  know(events: readonly TraceEvent[]): void {
    const started = events.find((event): event is RunStartedEvent => event.type === 'run.started');
    if (!started) return;
    const run = this.runs.get(started.runId) ?? new RunSpans(started.runId, this.options);
    run.first = { name: started.name, kind: started.kind, spanId: started.spanId, ...(started.sessionId === undefined ? {} : { sessionId: started.sessionId }) };
    this.runs.set(started.runId, run);
  }

  /** Attributes for the root span of a run about to start (a replay: `ca.replay.of`). */
  annotate(runId: string, attributes: Attributes): void {
    const run = this.runs.get(runId) ?? new RunSpans(runId, this.options);
    run.extra = { ...run.extra, ...attributes };
    this.runs.set(runId, run);
  }
}

/** A stored run's events, all its segments, as spans; a run with no recorded end is closed at its last event. */
export function storedRunSpans(events: readonly TraceEvent[], options: TraceSpansOptions): void {
  const first = events[0];
  if (!first) return;
  const run = new RunSpans(first.runId, options);
  for (const event of events) run.push(event);
  run.close(events.at(-1)!.at);
}

function hrTime(ms: number): HrTime {
  const seconds = Math.floor(ms / 1000);
  return [seconds, Math.round((ms - seconds * 1000) * 1e6)];
}
