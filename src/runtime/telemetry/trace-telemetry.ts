import { createHash } from 'node:crypto';
import type { TraceEvent } from '../../core/trace.js';

/**
 * What a verb that runs things hands its runs' events to when export is on (SPEC §13). Only this
 * type is imported by the verbs: the OpenTelemetry SDK loads (otlp-export.ts) when export is on.
 */
export interface TraceTelemetry {
  /** Every event of a run, as the run store receives it (values redacted and bounded). Never throws, never waits. */
  record(event: TraceEvent): void;
  /** A resumed run's earlier segments, read back before the new one starts: not exported again, only known. */
  know(events: readonly TraceEvent[]): void;
  /** Attributes for the root span of a run about to start (a replay says which run it replays). */
  annotate(runId: string, attributes: Record<string, string | number | boolean>): void;
}

/** How an export went, once the verb is done and the last batch sent (or the wait for it given up). */
export interface ExportOutcome {
  /** Spans handed to the exporter. */
  spans: number;
  /** Spans the collector accepted. */
  exported: number;
  /** The first reason an export failed (`connect ECONNREFUSED 127.0.0.1:4318`, `HTTP 401 Unauthorized`), or that the wait ran out. */
  problem?: string;
  /** Where the spans went: the URL, its password masked. */
  url: string;
}

/**
 * The OTLP trace id of a run: derived from its id, so every segment of a run, whichever process
 * exports it, and a stored run exported again, land in the one trace (trace-spans.ts).
 */
export function traceIdOf(runId: string): string {
  return idHex(`ca-trace\0${runId}`, 32);
}

/** The OTLP span id of ca's span `caId` in run `runId`. */
export function spanIdOf(runId: string, caId: string): string {
  return idHex(`${runId}\0${caId}`, 16);
}

function idHex(text: string, length: number): string {
  return createHash('sha256').update(text).digest('hex').slice(0, length);
}
