import type { RunEndedEvent, TokenUsage, TraceEvent } from '../core/trace.js';

/** What is known of a run whose process died: its row. */
export interface DeadRun {
  id: string;
  name: string;
  startedAt: number;
  pid: number;
  host: string;
  /** Its process's last heartbeat (ms since the epoch), if it wrote one. */
  heartbeatAt?: number | null;
}

/**
 * The `run.ended` a run never wrote because its process died: status `interrupted`, ended at its
 * last sign of life (its last recorded event or its last heartbeat, whichever came later), with
 * the tokens and cost its finished spans recorded, and the path to the innermost span still open
 * (where it was when it died).
 */
export function interruptedEnd(run: DeadRun, all: readonly TraceEvent[]): RunEndedEvent {
  let lastSeq = -1;
  for (const event of all) lastSeq = Math.max(lastSeq, event.seq);
  // A resumed run died in its latest segment: that segment's time and spend, on top of what the run had before.
  const { events, startedAt, before } = latestSegment(run, all);
  let lastAt = Math.max(startedAt, run.heartbeatAt ?? startedAt);
  for (const event of events) lastAt = Math.max(lastAt, event.at);
  const spent = spentSoFar(events);
  const end: RunEndedEvent = {
    runId: run.id,
    seq: lastSeq + 1,
    at: lastAt,
    type: 'run.ended',
    status: 'interrupted',
    error: { code: 'interrupted', message: `the process running it (pid ${run.pid} on ${run.host}) ended before the run finished` },
    durationMs: Math.max(0, lastAt - startedAt) + (before?.durationMs ?? 0),
    tokens: { input: spent.tokens.input + (before?.tokens.input ?? 0), output: spent.tokens.output + (before?.tokens.output ?? 0) },
    costUsd: spent.costUsd + (before?.costUsd ?? 0),
  };
  const path = openPath(run.name, events);
  if (path.length > 1) end.failedPath = path;
  return end;
}

/** Whether the latest segment of a run's stream (from its `run.started` or last `run.resumed`) has its `run.ended`. */
export function segmentEnded(events: readonly TraceEvent[]): boolean {
  for (let index = events.length - 1; index >= 0; index--) {
    const type = events[index]!.type;
    if (type === 'run.ended') return true;
    if (type === 'run.started' || type === 'run.resumed') return false;
  }
  return false;
}

/** The events of the run's latest segment (from its `run.started` or last `run.resumed`), when it began, and the `run.ended` before it. */
function latestSegment(run: DeadRun, events: readonly TraceEvent[]): { events: readonly TraceEvent[]; startedAt: number; before?: RunEndedEvent } {
  let start = -1;
  for (let index = events.length - 1; index >= 0; index--) {
    if (events[index]!.type === 'run.resumed') {
      start = index;
      break;
    }
  }
  if (start < 0) return { events, startedAt: run.startedAt };
  const before = events.slice(0, start).reverse().find((event): event is RunEndedEvent => event.type === 'run.ended');
  return { events: events.slice(start), startedAt: events[start]!.at, ...(before ? { before } : {}) };
}

/**
 * Tokens and cost of the finished spans. A span's usage may also be reported by a span inside it
 * (a reasoner and its model call), so only the innermost spans that report usage are counted.
 */
function spentSoFar(events: readonly TraceEvent[]): { tokens: TokenUsage; costUsd: number } {
  const parent = new Map<string, string>();
  for (const event of events) if (event.type === 'span.started') parent.set(event.spanId, event.parentId);
  const sum = (pick: (event: TraceEvent & { type: 'span.ended' }) => boolean, add: (event: TraceEvent & { type: 'span.ended' }) => void) => {
    const reporting = events.filter((event): event is TraceEvent & { type: 'span.ended' } => event.type === 'span.ended' && pick(event));
    const covered = new Set<string>();
    for (const event of reporting) for (let up = parent.get(event.spanId); up !== undefined && !covered.has(up); up = parent.get(up)) covered.add(up);
    for (const event of reporting) if (!covered.has(event.spanId)) add(event);
  };
  const tokens = { input: 0, output: 0 };
  let costUsd = 0;
  sum(
    (event) => event.tokens !== undefined,
    (event) => {
      tokens.input += event.tokens!.input;
      tokens.output += event.tokens!.output;
    },
  );
  sum(
    (event) => event.costUsd !== undefined,
    (event) => (costUsd += event.costUsd!),
  );
  return { tokens, costUsd };
}

/** Names from the root to the innermost span still open (the latest started, at each level). */
function openPath(root: string, events: readonly TraceEvent[]): string[] {
  const open = new Map<string, { name: string; parentId: string }>();
  let rootId: string | undefined;
  for (const event of events) {
    if (event.type === 'run.started' || event.type === 'run.resumed') rootId = event.spanId;
    else if (event.type === 'span.started') open.set(event.spanId, { name: event.name, parentId: event.parentId });
    else if (event.type === 'span.ended') open.delete(event.spanId);
  }
  const path = [root];
  let at = rootId;
  for (;;) {
    const next = [...open].filter(([, span]) => span.parentId === at).at(-1);
    if (next === undefined) return path;
    path.push(next[1].name);
    at = next[0];
  }
}
