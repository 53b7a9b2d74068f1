import { stripVTControlCharacters } from 'node:util';
import Table from 'cli-table3';
import { spansPackages } from '../core/group-by-package.js';
import { displayName } from '../core/node-name.js';
import { packageLabel } from '../core/node-package-label.js';
import type { CaNode } from '../core/node.js';
import { visible } from '../core/visible-text.js';
import type { Colors } from './colors.js';
import { BORDERLESS_CHARS, PLAIN_STYLE, trimLines } from './borderless-table.js';

const KIND_COLOURS = { tool: 'cyan', reasoner: 'yellow', flow: 'green', agent: 'magenta', session: 'red', mcp_server: 'blue' } as const;


/** cli-table3 grows faster than linearly with rows (5.5 s for 12,000): render fixed-width slices of this many rows. */
const ROWS_PER_SLICE = 250;

/**
 * `ca ls`: name, kind, tags, file:line — one row per node, borderless so it greps well. A project
 * with other frameworks' nodes gets a framework column, nodes from more than one package a package
 * column, and a display name follows its id.
 */
export function renderNodeTable(nodes: readonly CaNode[], c: Colors): string {
  const frameworks = nodes.some((node) => node.framework !== undefined);
  const packages = spansPackages(nodes);
  const head = ['name', 'kind', ...(frameworks ? ['framework'] : []), ...(packages ? ['package'] : []), 'tags', 'location'].map((h) => c.bold(h));
  const rows = nodes.map((node) => [
    node.displayName === undefined ? displayName(node.name) : `${displayName(node.name)} ${c.dim(`(${visible(node.displayName)})`)}`,
    c[KIND_COLOURS[node.kind]](node.kind),
    ...(frameworks ? [node.framework ?? c.dim('ca')] : []),
    ...(packages ? [node.package ? visible(packageLabel(node.package)) : c.dim('-')] : []),
    visible(node.tags.join(',')) || c.dim('-'),
    c.dim(`${visible(node.file)}:${node.line}`),
  ]);
  const colWidths = head.map((_, column) =>
    Math.max(...[head, ...rows].map((row) => stripVTControlCharacters(row[column]!).length)),
  );
  const slices: string[] = [];
  for (let start = 0; start === 0 || start < rows.length; start += ROWS_PER_SLICE) {
    const table = new Table({
      ...(start === 0 ? { head } : {}),
      colWidths,
      wordWrap: false,
      chars: BORDERLESS_CHARS,
      style: PLAIN_STYLE,
    });
    table.push(...rows.slice(start, start + ROWS_PER_SLICE));
    slices.push(table.toString());
  }
  return trimLines(slices.join('\n'));
}
