import type { RunEndedEvent, RunResumedEvent, RunStartedEvent, SpanEndedEvent, SpanKind, SpanLogEvent, TraceEvent } from '../../core/trace.js';

/** A span as the tree shows it: what started it, what ended it (if anything yet), and what happened inside, in order. */
export interface SpanView {
  id: string;
  name: string;
  kind: SpanKind;
  attempt?: number;
  attempts?: number;
  startedAt: number;
  input?: unknown;
  /** A call of an MCP server's tool: the server's node and the tool's name on it. */
  mcp?: { server: string; tool: string };
  end?: SpanEndedEvent;
  /** Logs and child spans, in stream order. */
  items: SpanItem[];
  /** Never ended because the run segment it ran in stopped (interrupted, parked) before `ca run --resume` went on. */
  cutShort?: 'interrupted' | 'cancelled';
  /** When that segment stopped: where such a span's duration ends. */
  cutShortAt?: number;
}

export type SpanItem = { type: 'log'; log: SpanLogEvent } | { type: 'span'; span: SpanView };

export interface TraceView {
  started?: RunStartedEvent;
  ended?: RunEndedEvent;
  /** The run's own span: its children are the tree's top level. */
  root: SpanView;
  /** The time of the latest event: "now" for a trace read back while (or after) it ran. */
  lastAt: number;
}

/**
 * Folds a run's events into a tree of spans. Tolerant of a partial stream (a live view that has
 * not seen everything yet, a run cut short): a span whose parent is unknown hangs off the root.
 */
export function buildTraceView(events: readonly TraceEvent[]): TraceView | undefined {
  if (events.length === 0) return undefined;
  const ordered = isSorted(events) ? events : [...events].sort((a, b) => a.seq - b.seq);
  const first = ordered.find((event): event is RunStartedEvent => event.type === 'run.started');
  const root: SpanView = first
    ? { id: first.spanId, name: first.name, kind: first.kind, startedAt: first.at, input: first.input, items: [] }
    : { id: '', name: 'run', kind: 'run', startedAt: ordered[0]!.at, items: [] };
  const view: TraceView = { root, lastAt: root.startedAt };
  if (first) view.started = first;
  const spans = new Map<string, SpanView>([[root.id, root]]);
  const open = new Set<SpanView>();
  for (const event of ordered) {
    view.lastAt = Math.max(view.lastAt, event.at);
    switch (event.type) {
      case 'span.started': {
        const span: SpanView = { id: event.spanId, name: event.name, kind: event.kind, startedAt: event.at, items: [] };
        if (event.attempt !== undefined) span.attempt = event.attempt;
        if (event.attempts !== undefined) span.attempts = event.attempts;
        if (event.input !== undefined) span.input = event.input;
        if (event.mcp !== undefined) span.mcp = event.mcp;
        spans.set(span.id, span);
        open.add(span);
        (spans.get(event.parentId) ?? root).items.push({ type: 'span', span });
        break;
      }
      case 'span.log':
        (spans.get(event.spanId) ?? root).items.push({ type: 'log', log: event });
        break;
      case 'span.ended': {
        const span = spans.get(event.spanId);
        if (span && span !== root) span.end = event;
        if (span) open.delete(span);
        break;
      }
      case 'run.resumed': {
        // A new segment of the same run: its spans hang off the same root, the segment before is a line in it.
        spans.set(event.spanId, root);
        const before = view.ended;
        for (const span of open) {
          span.cutShort = before?.status === 'interrupted' ? 'interrupted' : 'cancelled';
          span.cutShortAt = before?.at ?? event.at;
        }
        open.clear();
        const why = before?.error ? `: ${before.error.message}` : '';
        root.items.push({
          type: 'log',
          log: { type: 'span.log', runId: event.runId, seq: event.seq, at: event.at, spanId: root.id, message: `resumed (segment ${event.segment}) after the run ${STOOD[event.from]}${why}` },
        });
        delete view.ended;
        break;
      }
      case 'run.ended':
        view.ended = event;
        break;
      case 'run.started':
        break;
    }
  }
  return view;
}

const STOOD: Record<RunResumedEvent['from'], string> = { failed: 'failed', cancelled: 'was cancelled', interrupted: 'was interrupted', waiting: 'waited for an approval' };

function isSorted(events: readonly TraceEvent[]): boolean {
  for (let index = 1; index < events.length; index++) if (events[index]!.seq < events[index - 1]!.seq) return false;
  return true;
}

export function childSpans(span: SpanView): SpanView[] {
  return span.items.flatMap((item) => (item.type === 'span' ? [item.span] : []));
}
