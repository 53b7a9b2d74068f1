import Table from 'cli-table3';
import type { CaNode } from '../core/node.js';
import type { Colors } from './colors.js';

const KIND_COLOURS = { tool: 'cyan', reasoner: 'yellow', flow: 'green', agent: 'magenta', session: 'red' } as const;

/** `ca ls`: name, kind, tags, file:line — one row per node, borderless so it greps well. */
export function renderNodeTable(nodes: readonly CaNode[], c: Colors): string {
  const table = new Table({
    head: ['name', 'kind', 'tags', 'location'].map((h) => c.bold(h)),
    chars: {
      top: '', 'top-mid': '', 'top-left': '', 'top-right': '',
      bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
      left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '', middle: '  ',
    },
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0 },
  });
  for (const node of nodes) {
    table.push([node.name, c[KIND_COLOURS[node.kind]](node.kind), node.tags.join(',') || c.dim('-'), c.dim(`${node.file}:${node.line}`)]);
  }
  return table
    .toString()
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n');
}
