import type { HistoryResult } from '../core/results.js';
import { checkEnv, openLedgerForReading, withLedger } from './open-project-ledger.js';
import { openProject, type ProjectOptions } from './load-project.js';

/** The ledger rows of an env (optionally one node): reads the ledger only, no discovery needed. */
export async function showHistory(options: ProjectOptions & { env: string; node?: string }): Promise<HistoryResult> {
  const config = options.loaded?.config ?? (await openProject(options));
  checkEnv(config, options.env);
  return withLedger(await openLedgerForReading(config), async (ledger) => ({
    env: options.env,
    node: options.node ?? null,
    records: ledger ? await ledger.history(options.env, options.node) : [],
  }));
}
