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

/**
 * The OTLP span id of ca's span `caId` in run `runId`. ca's ids (`s12`, `g2.s3`: segment and
 * ordinal) map one to one onto 64 bits, XORed with a key drawn from the run id so that ids look
 * random: unique within the trace by construction, and no digest per span. Any other id is hashed.
 */
export function spanIdOf(runId: string, caId: string, key: RunKey = runKey(runId)): string {
  const match = CA_SPAN_ID.exec(caId);
  const segment = match ? Number(match[1] ?? 0) : -1;
  const ordinal = match ? Number(match[2]) : -1;
  if (segment < 0 || segment > 0xffff || ordinal > 0xffffffff) return idHex(`${runId}\0${caId}`, 16);
  const id = hex32((segment << 16) ^ key[0]) + hex32(ordinal ^ key[1]);
  // All zeros is the invalid span id.
  return id === '0000000000000000' ? idHex(`${runId}\0${caId}`, 16) : id;
}

/** Two 32-bit words drawn from a run's id. */
export type RunKey = readonly [number, number];

export function runKey(runId: string): RunKey {
  const digest = createHash('sha256').update(`ca-span\0${runId}`).digest();
  return [digest.readUInt32BE(0), digest.readUInt32BE(4)];
}

const CA_SPAN_ID = /^(?:g(\d+)\.)?s(\d+)$/;

function hex32(value: number): string {
  return (value >>> 0).toString(16).padStart(8, '0');
}

function idHex(text: string, length: number): string {
  return createHash('sha256').update(text).digest('hex').slice(0, length);
}
