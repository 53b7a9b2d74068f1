import type { SpanKind, TraceEvent } from '../core/trace.js';
import type { RunStore } from '../ledger/run-store.js';

/** What the nodes of earlier runs of one node cost: the runs read, and per node the runs it ran in and their total. */
export interface EarlierCosts {
  runs: number;
  byNode: Map<string, { ranIn: number; costUsd: number }>;
}

/** Spans that stand for a node of the project; model calls, rounds and approvals count for the nearest of them above. */
const NODE_SPANS: ReadonlySet<SpanKind> = new Set(['tool', 'flow', 'agent', 'reasoner', 'session']);

/**
 * The last `sample` succeeded runs of node `name`, read from the store: what each node cost in them.
 * Reads only; a run of another status says nothing about what a run that goes on will spend.
 */
export async function earlierNodeCosts(store: RunStore, name: string, sample: number): Promise<EarlierCosts> {
  const runs = await store.listRuns({ name, status: 'succeeded', limit: sample });
  const byNode = new Map<string, { ranIn: number; costUsd: number }>();
  for (const run of runs) {
    for (const [node, costUsd] of costByNode(await store.readEvents(run.id))) {
      const seen = byNode.get(node) ?? { ranIn: 0, costUsd: 0 };
      seen.ranIn += 1;
      seen.costUsd += costUsd;
      byNode.set(node, seen);
    }
  }
  return { runs: runs.length, byNode };
}

/**
 * Each node that ran in one run's events, and what its spans cost: a span's own cost (its model
 * call) counts for the nearest node span at or above it, so a sub-flow's reasoner is counted once,
 * for the reasoner, and an agent's model rounds for the agent. The run's own node is left out.
 */
export function costByNode(events: readonly TraceEvent[]): Map<string, number> {
  const owner = new Map<string, string | undefined>();
  const costs = new Map<string, number>();
  for (const event of events) {
    if (event.type === 'run.started' || event.type === 'run.resumed') owner.set(event.spanId, undefined);
    else if (event.type === 'span.started') {
      const node = NODE_SPANS.has(event.kind) ? event.name : owner.get(event.parentId);
      owner.set(event.spanId, node);
      if (node !== undefined && !costs.has(node)) costs.set(node, 0);
    } else if (event.type === 'span.ended' && event.costUsd) {
      const node = owner.get(event.spanId);
      if (node !== undefined) costs.set(node, (costs.get(node) ?? 0) + event.costUsd);
    }
  }
  return costs;
}
