import Table from 'cli-table3';
import { displayName } from '../../core/node-name.js';
import { shortRelease } from '../../core/release.js';
import type { ApprovalsResult, ParkedApproval } from '../../core/results.js';
import { visible } from '../../core/visible-text.js';
import { BORDERLESS_CHARS, PLAIN_STYLE, trimLines } from '../borderless-table.js';
import type { Colors } from '../colors.js';
import { formatCost, formatDuration } from '../trace/format-run-values.js';

const PROMPT_WIDTH = 48;

/**
 * `ca approvals`: one row per open approval, oldest first: the run, its node, the approval's step key
 * and question, how long it has waited, the nodes the run goes on to (each with its mean cost in
 * earlier runs, when it had one) and their sum. An `env` column when any run has one, with the
 * release the run is pinned to.
 */
export function renderApprovals(result: ApprovalsResult, c: Colors): string {
  const withEnv = result.approvals.some((approval) => approval.env !== undefined);
  const head = ['run', 'node', ...(withEnv ? ['env'] : []), 'approval', 'prompt', 'waiting', 'then runs', 'cost'];
  const table = new Table({ head: head.map((h) => c.bold(h)), chars: BORDERLESS_CHARS, style: PLAIN_STYLE });
  for (const approval of result.approvals) {
    table.push([
      approval.runId,
      displayName(approval.name),
      ...(withEnv ? [envCell(approval, c)] : []),
      visible(approval.step),
      clip(visible(approval.prompt)),
      waited(approval.ageMs),
      nextCell(approval, c),
      approval.costUsd === null ? c.dim('no earlier run') : (formatCost(approval.costUsd) ?? '$0'),
    ]);
  }
  return trimLines(table.toString());
}

/** What the costs are, under the table. */
export function costFootnote(result: ApprovalsResult): string {
  return `cost: what the nodes after each approval cost on average in the last ${result.costSample} succeeded runs of the same node`;
}

/** The line an empty inbox gets (stderr), saying what was looked at. */
export function emptyInboxLine(filters: { selected: boolean; env?: string }): string {
  const among = filters.selected ? ' among the selected nodes' : '';
  const env = filters.env === undefined ? '' : ` in env ${visible(filters.env)}`;
  return `no run waits on an approval${among}${env} (park one with ca run NAME --approve park)`;
}

function envCell(approval: ParkedApproval, c: Colors): string {
  if (approval.env === undefined) return c.dim('-');
  return approval.release === undefined ? visible(approval.env) : `${visible(approval.env)} ${c.dim(shortRelease(approval.release))}`;
}

function nextCell(approval: ParkedApproval, c: Colors): string {
  if (!approval.inCode) return c.yellow('its node is no longer in the code');
  if (approval.next.length === 0) return c.dim('-');
  return approval.next
    .map((node) => {
      const cost = formatCost(node.costUsd ?? undefined);
      return cost === undefined ? displayName(node.name) : `${displayName(node.name)} ${c.dim(cost)}`;
    })
    .join(', ');
}

/** 42s, 3m 05s, 2h 10m, 3d 04h: to the second at most, as a person reads a queue. */
function waited(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 86_400) return formatDuration(seconds * 1000);
  return `${Math.floor(seconds / 86_400)}d ${String(Math.floor((seconds % 86_400) / 3600)).padStart(2, '0')}h`;
}

function clip(text: string): string {
  return text.length > PROMPT_WIDTH ? `${text.slice(0, PROMPT_WIDTH - 1)}…` : text;
}
