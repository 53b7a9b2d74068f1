import type { LedgerVerifyResult } from '../core/results.js';
import { openLedgerForReading, withLedger } from './open-project-ledger.js';
import { openProject, type ProjectOptions } from './load-project.js';

/** Walks every env's hash chain. No ledger yet: nothing to break, ok. */
export async function verifyLedger(options: ProjectOptions): Promise<LedgerVerifyResult> {
  const config = await openProject(options);
  return withLedger(openLedgerForReading(config), (ledger) => {
    if (!ledger) return { path: config.ledger, ok: true, envs: [], breaks: [] };
    const breaks = ledger.verify();
    return {
      path: config.ledger,
      ok: breaks.length === 0,
      envs: ledger.envs().map((env) => ({ env, rows: ledger.history(env).length })),
      breaks,
    };
  });
}
