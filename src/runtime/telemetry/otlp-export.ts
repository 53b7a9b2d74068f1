import { setTimeout as delay } from 'node:timers/promises';
import { ExportResultCode, type ExportResult, type InstrumentationScope } from '@opentelemetry/core';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { shownEndpoint, type TelemetrySettings } from '../../config/telemetry-settings.js';
import type { TraceEvent } from '../../core/trace.js';
import type { ExportOutcome, TraceTelemetry } from './trace-telemetry.js';
import { storedRunSpans, TraceSpans, type TraceSpansOptions } from './trace-spans.js';

/** How many finished spans wait for export before new ones are dropped: a CLI run would rather hold them than lose them. */
const QUEUE_SIZE = 16_384;
/** The specification's batch size. */
const BATCH_SIZE = 512;

/**
 * The OpenTelemetry SDK's export pipeline for ca's runs: spans (trace-spans.ts) go to a
 * BatchSpanProcessor, which sends them in batches over OTLP/HTTP (protobuf, or JSON) with the
 * SDK's exporter, off the run's path. Nothing here throws at a run or prints: failures are
 * counted, the first reason kept, and `finish()` says how it went once the verb is done.
 */
export class OtlpExport implements TraceTelemetry {
  private readonly options: TraceSpansOptions;
  private readonly spans: TraceSpans;
  /** Spans handed to the processor. */
  private handed = 0;

  private constructor(
    private readonly settings: TelemetrySettings,
    private readonly processor: BatchSpanProcessor,
    private readonly watched: WatchedExporter,
    scope: InstrumentationScope,
  ) {
    const resource = defaultResource().merge(resourceFromAttributes(settings.resource));
    this.options = {
      content: settings.content,
      resource,
      scope,
      emit: (span) => {
        this.handed++;
        processor.onEnd(span);
      },
    };
    this.spans = new TraceSpans(this.options);
  }

  static async open(settings: TelemetrySettings, scope: InstrumentationScope, onFirstFailure?: (problem: string) => void): Promise<OtlpExport> {
    // OTEL_BSP_* win; the rest of them (schedule delay, export timeout) the SDK reads itself.
    const queue = positive(process.env['OTEL_BSP_MAX_QUEUE_SIZE']) ?? QUEUE_SIZE;
    const batch = Math.min(positive(process.env['OTEL_BSP_MAX_EXPORT_BATCH_SIZE']) ?? BATCH_SIZE, queue);
    const config = {
      url: settings.url,
      headers: settings.headers,
      timeoutMillis: settings.timeoutMs,
      userAgent: `${scope.name}/${scope.version ?? ''}`,
      // The flush at the end sends every batch still queued at once: the exporter must take them all.
      concurrencyLimit: Math.ceil(queue / batch) + 1,
    };
    // Only the exporter of the protocol in use is loaded.
    const exporter =
      settings.protocol === 'http/json'
        ? new (await import('@opentelemetry/exporter-trace-otlp-http')).OTLPTraceExporter(config)
        : new (await import('@opentelemetry/exporter-trace-otlp-proto')).OTLPTraceExporter(config);
    const watched = new WatchedExporter(exporter, onFirstFailure);
    const processor = new BatchSpanProcessor(watched, { maxQueueSize: queue, maxExportBatchSize: batch });
    return new OtlpExport(settings, processor, watched, scope);
  }

  record(event: TraceEvent): void {
    try {
      this.spans.push(event);
    } catch (error) {
      // A conversion that fails is telemetry's problem, never the run's.
      this.watched.fail(0, error);
    }
  }

  know(events: readonly TraceEvent[]): void {
    this.spans.know(events);
  }

  annotate(runId: string, attributes: Record<string, string | number | boolean>): void {
    this.spans.annotate(runId, attributes);
  }

  /** A stored run (`ca trace RUN --export otlp`): every segment, and spans it left open closed at its end. */
  exportRun(events: readonly TraceEvent[]): void {
    storedRunSpans(events, this.options);
  }

  /**
   * Sends what is left and waits for it, at most the export timeout (and a little for the
   * serialisation); then stops the processor. Never throws.
   */
  async finish(): Promise<ExportOutcome> {
    const waited = new AbortController();
    const sent = (async () => {
      await this.processor.forceFlush().catch(() => undefined);
      await this.watched.settled();
      return true;
    })();
    const done = await Promise.race([sent, delay(this.settings.timeoutMs + 250, false, { signal: waited.signal, ref: false }).catch(() => false)]);
    waited.abort();
    // Stopping ends the exporter's keep-alive connections, so the process can exit.
    await Promise.race([this.processor.shutdown().catch(() => undefined), delay(250, undefined, { ref: false })]);
    const problem =
      this.watched.problem ??
      (!done ? `the collector did not answer within ${this.settings.timeoutMs} ms`
      : this.watched.exported < this.handed ? 'spans came faster than they could be sent and the export queue was full (OTEL_BSP_MAX_QUEUE_SIZE)'
      : undefined);
    return { spans: this.handed, exported: this.watched.exported, url: shownEndpoint(this.settings.url), ...(problem === undefined || this.watched.exported === this.handed ? {} : { problem }) };
  }
}

/** The SDK's exporter, watched: how many spans went, why the first failure failed, and which exports are still on their way. */
class WatchedExporter implements SpanExporter {
  exported = 0;
  problem: string | undefined;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly inner: SpanExporter,
    private readonly onFirstFailure?: (problem: string) => void,
  ) {}

  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    let settle!: () => void;
    const flight = new Promise<void>((resolve) => (settle = resolve));
    this.inFlight.add(flight);
    this.inner.export(spans, (result) => {
      if (result.code === ExportResultCode.SUCCESS) this.exported += spans.length;
      else this.fail(spans.length, result.error);
      this.inFlight.delete(flight);
      settle();
      done(result);
    });
  }

  fail(_spans: number, error: unknown): void {
    if (this.problem !== undefined) return;
    this.problem = reasonOf(error);
    this.onFirstFailure?.(this.problem);
  }

  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }
}

/** One line: `HTTP 401 Unauthorized`, `connect ECONNREFUSED 127.0.0.1:4318`. */
function reasonOf(error: unknown): string {
  if (!(error instanceof Error)) return 'the export failed';
  const http = error as Error & { code?: unknown };
  if (typeof http.code === 'number') return `HTTP ${http.code}${error.message ? ` ${error.message}` : ''}`;
  // Node reports a refused localhost (tried on ::1 and 127.0.0.1) as an AggregateError with no message of its own.
  const inner = error instanceof AggregateError && !error.message ? (error.errors[0] as Error | undefined) : undefined;
  return (inner?.message || error.message || error.name).split('\n')[0]!;
}

function positive(text: string | undefined): number | undefined {
  const value = Number(text);
  return text !== undefined && Number.isInteger(value) && value > 0 ? value : undefined;
}
