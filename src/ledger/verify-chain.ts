import type { DeploymentRow } from './deployment-row.js';
import { rowHash } from './deployment-row.js';
import type { ChainBreak } from './ledger.js';

/**
 * Walks rows sorted by env then id and returns the first row per env whose hash does not hold.
 * A deleted or reordered row shows as the next row's prev_hash no longer matching; an edited row
 * as its own row_hash no longer matching its columns.
 */
export function findChainBreaks(rows: Iterable<DeploymentRow>): ChainBreak[] {
  const breaks: ChainBreak[] = [];
  let env: string | undefined;
  let previous = '';
  let first = true;
  let broken = false;
  for (const row of rows) {
    if (row.env !== env) {
      env = row.env;
      previous = '';
      first = true;
      broken = false;
    }
    if (broken) continue;
    if (row.prev_hash !== previous) {
      broken = true;
      breaks.push({
        env: row.env,
        id: row.id,
        reason: first ? 'the first row of its env points at a row that is not there (rows before it were deleted)' : 'its prev_hash does not match the row before it (a row was deleted, inserted or reordered)',
      });
    } else if (rowHash(row) !== row.row_hash) {
      broken = true;
      breaks.push({ env: row.env, id: row.id, reason: 'its row_hash does not match its contents (the row was edited)' });
    }
    previous = row.row_hash;
    first = false;
  }
  return breaks;
}
