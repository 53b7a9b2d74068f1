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
export function interruptedEnd(run: DeadRun, events: readonly TraceEvent[]): RunEndedEvent {
  let lastSeq = -1;
  let lastAt = Math.max(run.startedAt, run.heartbeatAt ?? run.startedAt);
  for (const event of events) {
    lastSeq = Math.max(lastSeq, event.seq);
    lastAt = Math.max(lastAt, event.at);
  }
  const end: RunEndedEvent = {
    runId: run.id,
    seq: lastSeq + 1,
    at: lastAt,
    type: 'run.ended',
    status: 'interrupted',
    error: { code: 'interrupted', message: `the process running it (pid ${run.pid} on ${run.host}) ended before the run finished` },
    durationMs: Math.max(0, lastAt - run.startedAt),
    ...spentSoFar(events),
  };
  const path = openPath(run.name, events);
  if (path.length > 1) end.failedPath = path;
  return end;
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
    if (event.type === 'run.started') rootId = event.spanId;
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
