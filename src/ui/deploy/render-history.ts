import Table from 'cli-table3';
import type { HistoryResult } from '../../core/results.js';
import type { Colors } from '../colors.js';

const BORDERLESS = {
  top: '', 'top-mid': '', 'top-left': '', 'top-right': '',
  bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
  left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '', middle: '  ',
};

/** The ledger rows of an env, oldest first: every pending row and its outcome. */
export function renderHistory(result: HistoryResult, c: Colors): string {
  if (result.records.length === 0) return c.dim(`nothing deployed to ${result.env}${result.node ? ` for ${result.node}` : ''} yet`);
  const table = new Table({
    head: ['#', 'time', 'node', 'version', 'outcome', 'artifact', 'commit', 'by', 'message'].map((h) => c.bold(h)),
    chars: BORDERLESS,
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0 },
  });
  for (const r of result.records) {
    const outcome = r.outcome === 'succeeded' ? c.green(r.outcome) : r.outcome === 'failed' ? c.red(r.outcome) : c.yellow(r.outcome);
    const commit = r.gitCommit ? `${r.gitCommit.slice(0, 8)}${r.gitDirty ? '+dirty' : ''}` : c.dim('-');
    table.push([String(r.id), r.time.replace('T', ' ').replace(/\.\d+Z$/, 'Z'), r.node, `v${r.version}`, outcome, r.artifactHash.slice(0, 12), commit, r.actor, r.message ?? '']);
  }
  return table.toString().split('\n').map((line) => line.trimEnd()).join('\n');
}
