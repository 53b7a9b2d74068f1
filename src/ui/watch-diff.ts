import type { NodeStatus } from '../core/deployment.js';
import { type Diagnostic, formatLocation } from '../core/diagnostic.js';
import type { Finding } from '../core/finding.js';
import type { NodeBrief, ProjectDiff } from '../core/project-diff.js';
import type { GraphView, LintResult, StatusResult, StatusRow } from '../core/results.js';
import { displayName } from '../core/node-name.js';
import { visible } from '../core/visible-text.js';
import type { Colors } from './colors.js';

/**
 * What one re-scan of `--watch` changed, as short lines for a log (stdout not a TTY): one line per
 * node added (+), removed (-) or changed (~), finding new or fixed, status moved. Pure: results in, text out.
 */

/** `changed: src/tickets/triage.ts (41 ms)`: the files behind a re-scan. */
export function renderChangeHeader(changedFiles: readonly string[], durationMs: number, c: Colors): string {
  const shown = changedFiles.slice(0, 3).map(visible).join(', ');
  const more = changedFiles.length > 3 ? ` and ${changedFiles.length - 3} more` : '';
  return c.dim(`changed: ${shown || 'the project'}${more} (${durationMs} ms)`);
}

const where = (node: NodeBrief): string => `${visible(node.file)}:${node.line}`;

/** Nodes added, removed and changed, limited to `names` (the selection before or after) when given. */
export function renderNodeChanges(diff: ProjectDiff, c: Colors, names?: ReadonlySet<string>): string[] {
  const shown = (node: NodeBrief) => names === undefined || names.has(node.name);
  return [
    ...diff.added.filter(shown).map((node) => `${c.green('+')} ${displayName(node.name)} ${c.dim(`(${node.kind})`)} ${c.dim(where(node))}`),
    ...diff.removed.filter(shown).map((node) => `${c.red('-')} ${displayName(node.name)} ${c.dim(`(${node.kind})`)}`),
    ...diff.changed.filter(shown).map((node) => `${c.yellow('~')} ${displayName(node.name)} ${c.dim(`(${node.kind})`)}: ${node.changes.join(', ')}`),
  ];
}

const edgeKey = (edge: { from: string; to: string }): string => `${edge.from} -> ${edge.to}`;

/** Graph edges that appeared or went (`from -> to`: from is used by to). */
export function renderEdgeChanges(before: GraphView, after: GraphView, c: Colors): string[] {
  const old = new Set(before.edges.map(edgeKey));
  const now = new Set(after.edges.map(edgeKey));
  return [
    ...[...now].filter((edge) => !old.has(edge)).map((edge) => `${c.green('+')} edge ${edge}`),
    ...[...old].filter((edge) => !now.has(edge)).map((edge) => `${c.red('-')} edge ${edge}`),
  ];
}

/** A finding is the same one if rule, node, file and message match: a line that moved is not news. */
const findingKey = (f: Finding): string => [f.ruleId, f.severity, f.node ?? '', f.file, f.message].join('\0');

function unmatched<T>(items: readonly T[], others: readonly T[], key: (item: T) => string): T[] {
  const counts = new Map<string, number>();
  for (const item of others) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return items.filter((item) => {
    const left = counts.get(key(item)) ?? 0;
    if (left > 0) counts.set(key(item), left - 1);
    return left === 0;
  });
}

function severityLabel(severity: Finding['severity'], c: Colors): string {
  return severity === 'error' ? c.red('error') : severity === 'warn' ? c.yellow('warning') : c.blue('info');
}

/** New findings (+) and fixed ones (-), then the tally. */
export function renderFindingChanges(before: LintResult, after: LintResult, c: Colors): string[] {
  const line = (f: Finding) => `${c.cyan(`${visible(f.file)}:${f.line}:${f.column}`)} ${c.dim(f.ruleId)}: ${visible(f.message)}`;
  const added = unmatched(after.findings, before.findings, findingKey);
  const fixed = unmatched(before.findings, after.findings, findingKey);
  return [
    ...added.map((f) => `${c.green('+')} ${severityLabel(f.severity, c)} ${line(f)}`),
    ...fixed.map((f) => `${c.red('-')} ${c.green('fixed')} ${line(f)}`),
    renderLintTally(after, c),
  ];
}

export function renderLintTally(result: LintResult, c: Colors): string {
  const { error, warn, info } = result.counts;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const text = `${plural(error, 'error')}, ${plural(warn, 'warning')}, ${info} info in ${plural(result.linted, 'node')}`;
  return result.failed ? c.red(`✖ ${text}`) : c.green(`✔ ${text}`);
}

const rowKey = (row: StatusRow): string => `${row.node}\0${row.env}`;
const describe = (row: StatusRow): string => `${row.status}${row.changes.length ? ` (${row.changes.join(', ')})` : ''}`;

/** Rows whose status or changes moved (`node env: in-sync → drifted (body)`), rows that came or went, then the tally. */
export function renderStatusChanges(before: StatusResult, after: StatusResult, c: Colors): string[] {
  const old = new Map(before.rows.map((row) => [rowKey(row), row]));
  const now = new Map(after.rows.map((row) => [rowKey(row), row]));
  const lines: string[] = [];
  for (const [key, row] of now) {
    const was = old.get(key);
    if (!was) lines.push(`${c.green('+')} ${displayName(row.node)} ${c.dim(row.env)}: ${describe(row)}`);
    else if (describe(was) !== describe(row)) lines.push(`${c.yellow('~')} ${displayName(row.node)} ${c.dim(row.env)}: ${describe(was)} → ${describe(row)}`);
  }
  for (const [key, row] of old) if (!now.has(key)) lines.push(`${c.red('-')} ${displayName(row.node)} ${c.dim(row.env)}: ${describe(row)}`);
  lines.push(renderStatusTally(after, c));
  return lines;
}

/** The last line of `ca status`, in the same words. */
export function renderStatusTally(result: StatusResult, c: Colors): string {
  const count = (status: NodeStatus) => result.rows.filter((row) => row.status === status).length;
  const tally = STATUS_ORDER.filter((status) => count(status) > 0).map((status) => `${count(status)} ${status}`).join(', ') || 'no deployable nodes';
  return result.drift ? c.red(`drift: ${tally}`) : count('in-sync') > 0 ? c.green(`no drift: ${tally}`) : c.dim(tally);
}

const STATUS_ORDER: readonly NodeStatus[] = ['in-sync', 'drifted', 'orphaned', 'interrupted', 'deploying', 'not-deployed'];

/** `fixed: src/x.ts parse-error: …`: a diagnostic that went away. */
export function renderFixedDiagnostic(d: Diagnostic, c: Colors): string {
  const place = visible(formatLocation({ file: d.file }));
  return `${c.green('fixed')} ${place ? `${c.cyan(place)} ` : ''}${c.dim(d.code)}: ${visible(d.message)}`;
}

/**
 * `ca ls --watch`: nodes that appeared in the list (new, or now selected), left it (removed, or no
 * longer selected), and listed nodes that changed.
 */
export function renderListChanges(before: { nodes: readonly NodeBrief[] }, after: { nodes: readonly NodeBrief[] }, diff: ProjectDiff, c: Colors): string[] {
  const old = new Set(before.nodes.map((node) => node.name));
  const now = new Set(after.nodes.map((node) => node.name));
  return renderNodeChanges(
    {
      ...diff,
      added: after.nodes.filter((node) => !old.has(node.name)),
      removed: before.nodes.filter((node) => !now.has(node.name)),
      changed: diff.changed.filter((node) => now.has(node.name) && old.has(node.name)),
    },
    c,
  );
}

/** `ca graph --watch`: the node changes within the drawn subgraph, then its edges. */
export function renderGraphChanges(before: GraphView, after: GraphView, diff: ProjectDiff, c: Colors): string[] {
  return [...renderListChanges(before, after, diff, c), ...renderEdgeChanges(before, after, c)];
}
