import Table from 'cli-table3';
import type { BulkApproveResult, BulkDecision } from '../../core/results.js';
import { visible } from '../../core/visible-text.js';
import { BORDERLESS_CHARS, PLAIN_STYLE, trimLines } from '../borderless-table.js';
import type { Colors } from '../colors.js';

/** `ca approve -s`: what became of each approval listed, in the listing's order: what comes next, or why it was skipped. */
export function renderDecisions(result: BulkApproveResult, c: Colors): string {
  const table = new Table({ head: ['decision', 'run', 'approval', 'by', 'then'].map((h) => c.bold(h)), chars: BORDERLESS_CHARS, style: PLAIN_STYLE });
  for (const decision of result.decisions) {
    table.push([paint(decision, c), decision.runId, visible(decision.step), decision.outcome === 'skipped' ? c.dim('-') : visible(decision.by), decision.outcome === 'skipped' ? c.yellow(visible(decision.reason)) : visible(decision.next)]);
  }
  return trimLines(table.toString());
}

/** "3 approved", "1 denied, 2 skipped". */
export function decisionSummary(result: BulkApproveResult): string {
  const parts = [`${result.decided} ${result.approved ? 'approved' : 'denied'}`];
  if (result.skipped > 0) parts.push(`${result.skipped} skipped`);
  return parts.join(', ');
}

function paint(decision: BulkDecision, c: Colors): string {
  if (decision.outcome === 'approved') return c.green('approved');
  return decision.outcome === 'denied' ? c.red('denied') : c.yellow('skipped');
}
