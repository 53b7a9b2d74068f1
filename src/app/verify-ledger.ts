import type { Artifact } from '../core/deployment.js';
import type { LedgerVerifyResult } from '../core/results.js';
import { artifactContentHash } from '../deploy/freeze-artifact.js';
import { existsSync } from 'node:fs';
import { openLedger } from '../ledger/open-ledger.js';
import { withLedger } from './open-project-ledger.js';
import { openProject, type ProjectOptions } from './load-project.js';

/**
 * SQLite's integrity check, then every env's hash chain and stored artifacts. No ledger yet:
 * nothing to break, ok. A file that exists but holds no ledger (truncated) is refused, exit 2.
 * A damaged file is still read as far as it can be, so the report says what is left.
 */
export async function verifyLedger(options: ProjectOptions): Promise<LedgerVerifyResult> {
  const config = await openProject(options);
  if (!existsSync(config.ledger)) return { path: config.ledger, ok: true, envs: [], breaks: [], damage: [] };
  return withLedger(openLedger(config.ledger, { readonly: true, examine: true }), (found) => {
    const ledger = found!;
    const damage = ledger.integrityProblems();
    if (damage.length > 0) {
      // The chains of a damaged file may not even read; what is wrong with its pages comes first.
      let breaks: LedgerVerifyResult['breaks'] = [];
      try {
        breaks = ledger.verify();
      } catch {
        // Unreadable past the damage: the integrity problems say it.
      }
      return { path: config.ledger, ok: false, envs: [], breaks, damage };
    }
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
      damage,
    };
  });
}
