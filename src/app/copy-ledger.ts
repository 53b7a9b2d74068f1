import { existsSync } from 'node:fs';
import path from 'node:path';
import type { DeploymentRecord } from '../core/deployment.js';
import { EXIT, UserError } from '../core/errors.js';
import type { LedgerCopyResult } from '../core/results.js';
import type { Ledger } from '../ledger/ledger.js';
import { isPostgresUrl, maskUrl } from '../core/store-location.js';
import { openLedger } from '../ledger/open-ledger.js';
import { openProject, type ProjectOptions } from './load-project.js';
import { ledgerLocation, withLedger } from './open-project-ledger.js';
import { projectSecrets } from './project-secrets.js';

/**
 * `ca ledger copy --to LOCATION` (or `--from LOCATION`): every env's rows and every artifact of one
 * ledger into another, SQLite to PostgreSQL or back, rows exactly as written so every chain still
 * verifies. The source must verify first. The target may already hold part of the same history
 * (an earlier copy): then only the rows after it are appended, so copying again is safe. A target
 * whose history differs from the source's is refused, exit 2, and nothing is written.
 */
export async function copyLedger(options: ProjectOptions & { to?: string; from?: string }): Promise<LedgerCopyResult> {
  const config = await openProject(options);
  const cwd = options.cwd ?? process.cwd();
  const other = (location: string) => (isPostgresUrl(location) ? location : path.resolve(cwd, location));
  const project = ledgerLocation(config);
  const [from, to] = options.to !== undefined ? [project, other(options.to)] : [other(options.from!), project];
  if (from === to) throw new UserError('ledger-copy-same', `ledger copy: the source and the target are the same ledger (${maskUrl(from)})`, { hint: 'name another file or database with --to or --from' });
  if (!isPostgresUrl(from) && !existsSync(from)) {
    throw new UserError('ledger-missing', `no deploy ledger at ${from}: there is nothing to copy`, { hint: 'check the path, or CA_LEDGER_URL / ledger: in ca.yaml', location: { file: from } });
  }

  const source = await openLedger(from, { readonly: true });
  return withLedger(source, async () => {
    const broken = [...(await source.integrityProblems()), ...(await source.verify()).map((b) => `${b.env}: row ${b.id} ${b.reason}`)];
    if (broken.length > 0) {
      throw new UserError('ledger-copy-broken', `ledger copy: the source ${source.path} does not verify (${broken[0]}${broken.length > 1 ? `, and ${broken.length - 1} more` : ''}): nothing was copied`, {
        hint: 'see ca ledger verify; copy from an intact copy of it',
        exitCode: EXIT.failed,
      });
    }
    const target = await openLedger(to, { create: true, scrubber: projectSecrets(config, process.env) });
    return withLedger(target, async () => {
      const envs: LedgerCopyResult['envs'] = [];
      const missing: DeploymentRecord[] = [];
      const sourceEnvs = await source.envs();
      for (const env of await target.envs()) {
        if (!sourceEnvs.includes(env)) throw diverged(env, target, source, 'the target has history for it and the source has none');
      }
      for (const env of sourceEnvs) {
        const have = await target.history(env);
        const all = await source.history(env);
        const differs = have.findIndex((row, index) => all[index]?.rowHash !== row.rowHash);
        if (differs >= 0 || have.length > all.length) {
          throw diverged(env, target, source, differs >= 0 ? `row ${differs + 1} of its history differs` : 'the target has more rows than the source');
        }
        envs.push({ env, already: have.length, copied: all.length - have.length });
        missing.push(...all.slice(have.length));
      }
      const present = new Set(await target.artifactHashes());
      let artifacts = 0;
      for (const hash of await source.artifactHashes()) {
        if (present.has(hash)) continue;
        const json = await source.artifact(hash);
        if (json === undefined) continue;
        await target.storeArtifact(hash, json);
        artifacts++;
      }
      // Ordered by the source's ids: each env's rows stay in their chain's order.
      await target.appendCopies(missing.sort((a, b) => a.id - b.id));
      const verified = (await target.verify()).length === 0;
      return { from: source.path, to: target.path, envs, artifacts, verified };
    });
  });
}

function diverged(env: string, target: Ledger, source: Ledger, why: string): UserError {
  return new UserError('ledger-copy-diverged', `ledger copy: ${target.path} already holds a different history of ${env} than ${source.path} (${why}): nothing was copied`, {
    hint: 'copy into an empty ledger (a new file or database); ca never merges two histories',
    exitCode: EXIT.usage,
  });
}
