import { EXIT, UserError } from '../core/errors.js';
import { shortRelease, type Release } from '../core/release.js';
import { freezeArtifact } from '../deploy/freeze-artifact.js';
import { releaseMismatches, releaseOfCode, type ReleaseMismatch } from '../deploy/release.js';
import type { RunStore } from '../ledger/run-store.js';
import { readGitInfo } from '../state/git-info.js';
import { CA_VERSION } from './ca-version.js';
import { readRelease, recordRelease, requireCurrentRelease } from './env-release.js';
import type { LoadedProject } from './load-project.js';
import { openLedgerForReading, openLedgerForWriting, withLedger } from './open-project-ledger.js';
import { reachableFingerprints } from './plan-continuation.js';
import { liveRunSummaries } from './release-runs.js';
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** Which release a worker serves, and why. */
export interface ServedRelease {
  release: Release;
  /** current: the env's release now; older: an earlier one that still has runs (blue/green); own: this dirty tree's (--allow-dirty). */
  how: 'current' | 'older' | 'own';
}

/**
 * `ca worker --env E` (SPEC §14): the release this worker's code serves, scanned statically at
 * start-up. A release is served when, for every node it holds, this code has the same fingerprint
 * for the node and for every node it can reach. The env's current release first, then the older
 * releases its unfinished runs are pinned to (a worker of the old code finishes their runs while the
 * new one takes new runs). Nothing matches: the worker does not start, and says which nodes differ.
 */
export async function chooseWorkerRelease(loaded: LoadedProject, env: string, store: RunStore, options: { allowDirty?: boolean } = {}): Promise<ServedRelease> {
  const { config, graph } = loaded;
  const git = await readGitInfo(config.root);
  if (git.dirty && !options.allowDirty) {
    throw new UserError('worker-dirty', `${config.root} has uncommitted changes: a worker of env ${env} runs committed code only, so that every run is pinned to code that can be found again`, {
      hint: 'commit or stash them; or pass --allow-dirty to serve this tree as a release of its own (for a try-out, never for production)',
      exitCode: EXIT.usage,
    });
  }
  const code = (node: string) => (graph.hasNode(node) ? reachableFingerprints(graph, node) : undefined);
  return withLedger(await openLedgerForReading(config), async (ledger) => {
    const current = await requireCurrentRelease(ledger, env);
    const againstCurrent = releaseMismatches(current, code);
    if (againstCurrent.length === 0) return { release: current, how: 'current' as const };
    for (const id of await pinnedReleases(store, env, current.id)) {
      const older = await readRelease(ledger!, id);
      if (older && releaseMismatches(older, code).length === 0) return { release: older, how: 'older' as const };
    }
    if (options.allowDirty) {
      const own = releaseOfCode(current, code, (node) => artifactHashOf(loaded, node));
      await withLedger(await openLedgerForWriting(config), (writable) => recordRelease(writable!, own));
      return { release: own, how: 'own' as const };
    }
    const commits = [...new Set((await ledger!.latestSucceeded(env)).map((row) => row.gitCommit?.slice(0, 12)).filter((commit) => commit !== undefined))];
    const from = commits.length > 0 ? ` (${commits.join(', ')}; this tree is at ${git.commit?.slice(0, 12) ?? 'no commit'})` : '';
    throw new UserError('worker-release-mismatch', `this code serves no release of env ${env}: against its current release ${shortRelease(current.id)}, ${describeMismatches(againstCurrent)}`, {
      hint: `deploy this code first (ca deploy --env ${env}), or start the worker from the commit that release was deployed from${from}`,
      exitCode: EXIT.failed,
    });
  });
}

/** The releases the env's unfinished runs are pinned to, newest run first, the current one left out. */
async function pinnedReleases(store: RunStore, env: string, current: string): Promise<string[]> {
  const runs = (await liveRunSummaries(store, env)).reverse();
  return [...new Set(runs.map((run) => run.release).filter((id): id is string => id !== undefined && id !== current))];
}

/** "refund_flow differs (charge_card changed), notify is not in this code". */
export function describeMismatches(mismatches: readonly ReleaseMismatch[], limit = 4): string {
  const parts = mismatches.slice(0, limit).map(({ node, changes }) => {
    if (changes.length === 1 && changes[0]!.name === node && changes[0]!.now === undefined) return `${node} is not in this code`;
    const names = changes.map((change) => (change.then === undefined ? `${change.name} is new` : change.now === undefined ? `${change.name} is gone` : `${change.name} changed`));
    return `${node} differs (${names.join(', ')})`;
  });
  const more = mismatches.length > limit ? `, and ${mismatches.length - limit} more node(s)` : '';
  return `${parts.join('; ')}${more}`;
}

function artifactHashOf(loaded: LoadedProject, node: string): string {
  const read = (file: string) => readFileSync(path.join(loaded.config.root, file), 'utf8');
  return freezeArtifact(loaded.graph.node(node), loaded.graph, read, { caVersion: CA_VERSION }).hash;
}
