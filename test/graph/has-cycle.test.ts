import { describe, expect, it } from 'vitest';
import type { CaNode } from '../../src/core/node.js';
import { buildGraph } from '../../src/graph/build-graph.js';
import { findCycles } from '../../src/graph/find-cycles.js';
import { hasCycle } from '../../src/graph/has-cycle.js';

const node = (name: string, uses: string[] = []) => ({ name, uses }) as unknown as CaNode;

describe('hasCycle, without a graph', () => {
  const cases: Array<[string, CaNode[], boolean]> = [
    ['no nodes', [], false],
    ['a chain', [node('lookup_ticket'), node('triage', ['lookup_ticket']), node('concierge', ['triage', 'lookup_ticket'])], false],
    ['a node that uses itself', [node('triage', ['triage'])], true],
    ['two flows calling each other', [node('refund_flow', ['escalate']), node('escalate', ['refund_flow'])], true],
    ['a loop of three behind a chain', [node('a', ['c']), node('b', ['a']), node('c', ['b']), node('d', ['a'])], true],
    ['uses of unknown names and repeats', [node('triage', ['lookup_ticket', 'lookup_ticket', 'nowhere']), node('lookup_ticket')], false],
  ];
  it.each(cases)('%s', (_label, nodes, expected) => {
    expect(hasCycle(nodes)).toBe(expected);
    // The same answer as the graph's own cycle search.
    expect(findCycles(buildGraph(nodes)).length > 0).toBe(expected);
  });
});
