import Table from 'cli-table3';
import type { HistoryResult } from '../../core/results.js';
import type { Colors } from '../colors.js';
import { BORDERLESS_CHARS, PLAIN_STYLE, trimLines } from '../borderless-table.js';
import { displayName } from '../../core/node-name.js';
import { visible } from '../../core/visible-text.js';


/** The ledger rows of an env, oldest first: every pending row and its outcome. */
export function renderHistory(result: HistoryResult, c: Colors): string {
  if (result.records.length === 0) return c.dim(`nothing deployed to ${result.env}${result.node ? ` for ${displayName(result.node)}` : ''} yet`);
  const table = new Table({
    head: ['#', 'time', 'node', 'version', 'outcome', 'artifact', 'commit', 'by', 'message'].map((h) => c.bold(h)),
    chars: BORDERLESS_CHARS,
    style: PLAIN_STYLE,
  });
  for (const r of result.records) {
    const outcome = r.outcome === 'succeeded' ? c.green(r.outcome) : r.outcome === 'failed' ? c.red(r.outcome) : c.yellow(r.outcome);
    const commit = r.gitCommit ? `${r.gitCommit.slice(0, 8)}${r.gitDirty ? '+dirty' : ''}` : c.dim('-');
    table.push([String(r.id), r.time.replace('T', ' ').replace(/\.\d+Z$/, 'Z'), displayName(r.node), `v${r.version}`, outcome, r.artifactHash.slice(0, 12), commit, visible(r.actor), visible(r.message ?? '')]);
  }
  return trimLines(table.toString());
}
