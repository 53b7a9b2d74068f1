import type { Artifact } from '../core/deployment.js';
import type { LedgerVerifyResult } from '../core/results.js';
import { artifactContentHash } from '../deploy/freeze-artifact.js';
import { openLedgerForReading, withLedger } from './open-project-ledger.js';
import { openProject, type ProjectOptions } from './load-project.js';

/** Walks every env's hash chain. No ledger yet: nothing to break, ok. */
export async function verifyLedger(options: ProjectOptions): Promise<LedgerVerifyResult> {
  const config = await openProject(options);
  return withLedger(openLedgerForReading(config), (ledger) => {
    if (!ledger) return { path: config.ledger, ok: true, envs: [], breaks: [] };
    const breaks = ledger.verify();
    // Stored artifacts are checked against the content hash their (chained) rows recorded.
    for (const env of ledger.envs()) {
      for (const row of ledger.history(env)) {
        if (row.outcome !== 'succeeded') continue;
        const json = ledger.artifact(row.artifactHash);
        if (json === undefined) continue;
        let altered = true;
        try {
          altered = artifactContentHash(JSON.parse(json) as Artifact) !== row.contentHash;
        } catch {
          // Not JSON any more: altered.
        }
        if (altered) {
          breaks.push({ env, id: row.id, reason: `its stored artifact ${row.artifactHash.slice(0, 12)} does not match the content hash recorded when it was published` });
          break;
        }
      }
    }
    return {
      path: config.ledger,
      ok: breaks.length === 0,
      envs: ledger.envs().map((env) => ({ env, rows: ledger.history(env).length })),
      breaks,
    };
  });
}
