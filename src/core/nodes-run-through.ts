import type { JournalEntry } from './journal.js';

/** Journal steps that are a node's (a model call is named by its model, an approval by nothing). */
const NODE_STEPS = new Set(['tool', 'reasoner', 'flow', 'agent', 'session']);

/**
 * The nodes a recorded run went through: its own node, and every node its journal has a step of.
 * What `ca replay --runs` and `ca runs pull -s` match a selection against (a run of a flow that
 * never reached one of the flow's reasoners did not go through that reasoner).
 */
export function nodesRunThrough(name: string, steps: readonly JournalEntry[]): Set<string> {
  const nodes = new Set([name]);
  for (const step of steps) if (NODE_STEPS.has(step.kind)) nodes.add(step.name);
  return nodes;
}
