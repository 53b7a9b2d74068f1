import type { Artifact } from '../core/deployment.js';
import type { LedgerVerifyResult } from '../core/results.js';
import { artifactContentHash } from '../deploy/freeze-artifact.js';
import { existsSync } from 'node:fs';
import { openLedger } from '../ledger/open-ledger.js';
import { ledgerLocation, withLedger } from './open-project-ledger.js';
import { isUserError } from '../core/errors.js';
import type { Ledger } from '../ledger/ledger.js';
import { isPostgresUrl, maskUrl } from '../core/store-location.js';
import { openProject, type ProjectOptions } from './load-project.js';

/**
 * SQLite's integrity check, then every env's hash chain and stored artifacts. No ledger yet:
 * nothing to break, ok. A file that exists but holds no ledger (truncated) is refused, exit 2.
 * A damaged file is still read as far as it can be, so the report says what is left.
 */
export async function verifyLedger(options: ProjectOptions): Promise<LedgerVerifyResult> {
  const config = await openProject(options);
  const location = ledgerLocation(config);
  const shown = maskUrl(location);
  if (!isPostgresUrl(location) && !existsSync(location)) return { path: shown, ok: true, envs: [], breaks: [], damage: [] };
  let opened: Ledger;
  try {
    opened = await openLedger(location, { readonly: true, examine: true });
  } catch (error) {
    // A database without ca's schema: nothing deployed, nothing to break.
    if (isUserError(error) && error.code === 'ledger-missing' && isPostgresUrl(location)) return { path: shown, ok: true, envs: [], breaks: [], damage: [] };
    throw error;
  }
  return withLedger(opened, async (found) => {
    const ledger = found!;
    const damage = await ledger.integrityProblems();
    if (damage.length > 0) {
      // The chains of a damaged file may not even read; what is wrong with its pages comes first.
      let breaks: LedgerVerifyResult['breaks'] = [];
      try {
        breaks = await ledger.verify();
      } catch {
        // Unreadable past the damage: the integrity problems say it.
      }
      return { path: shown, ok: false, envs: [], breaks, damage };
    }
    const breaks = await ledger.verify();
    const envs = await ledger.envs();
    const histories = new Map<string, Awaited<ReturnType<typeof ledger.history>>>();
    for (const env of envs) histories.set(env, await ledger.history(env));
    // Stored artifacts are checked against the content hash their (chained) rows recorded; each is
    // read once however many rows name it (a round trip each on PostgreSQL).
    const stored = new Map<string, Promise<string | undefined>>();
    for (const env of envs) {
      for (const row of histories.get(env)!) {
        if (row.outcome !== 'succeeded') continue;
        if (!stored.has(row.artifactHash)) stored.set(row.artifactHash, ledger.artifact(row.artifactHash));
        const json = await stored.get(row.artifactHash);
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
      path: shown,
      ok: breaks.length === 0,
      envs: envs.map((env) => ({ env, rows: histories.get(env)!.length })),
      breaks,
      damage,
    };
  });
}
