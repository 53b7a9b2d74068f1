import { type TraceEvent, traceEventJson } from '../../core/trace.js';

/** One event as one line of JSON (no newline): `ca run --json` streams these, `ca trace --events` replays them. */
export function eventLine(event: TraceEvent): string {
  return traceEventJson(event);
}

/** Writes each event as it comes, one JSON line each (NDJSON): for pipes, `jq`, and log shippers. */
export function createEventLines(stream: Pick<NodeJS.WriteStream, 'write'>): { push(event: TraceEvent): void } {
  return {
    push(event) {
      stream.write(`${traceEventJson(event)}\n`);
    },
  };
}
