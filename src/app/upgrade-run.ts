import { EXIT, UserError } from '../core/errors.js';
import { shortRelease, type FingerprintChange } from '../core/release.js';
import type { UpgradeResult } from '../core/results.js';
import { fingerprintChanges } from '../deploy/release.js';
import { readRelease, requireCurrentRelease } from './env-release.js';
import { openProject, type ProjectOptions } from './load-project.js';
import { openLedgerForReading, withLedger } from './open-project-ledger.js';
import { openRunStoreForWriting, runStoreLocation, withRunStore } from './open-run-store.js';

export interface UpgradeRunOptions extends ProjectOptions {
  run: string;
  /** `--from-divergence`: move it even though nodes it executed changed; they and every later step run live. */
  fromDivergence?: boolean;
}

/**
 * `ca run --resume RUN --upgrade` (SPEC §14): moves a run of a worker env from its release to the
 * env's current one. Only when no node it has executed (every step in its journal, its own node
 * included) has another fingerprint in the new release: the steps it has left then run the new
 * code, and what it did stands. Otherwise exit 1 naming them, unless `--from-divergence`. Static:
 * the releases' records and the journal decide; no project code is loaded, and the run goes on in
 * a worker of the new release (queued again when it was queued or interrupted; a parked run waits
 * for its approval as before).
 */
export async function upgradeRun(options: UpgradeRunOptions): Promise<UpgradeResult> {
  const config = await openProject(options);
  return withRunStore(await openRunStoreForWriting(config), async (store) => {
    const run = await store!.getRun(options.run);
    if (run.env === undefined || run.release === undefined) {
      throw new UserError('run-not-pinned', `run ${run.id} (${run.name}) was not queued for a worker env, so it has no release to move from`, {
        hint: `go on with it here: ca run --resume ${run.id}`,
        exitCode: EXIT.usage,
      });
    }
    if (run.status === 'succeeded' || run.status === 'failed' || run.status === 'cancelled') {
      throw new UserError('run-over', `run ${run.id} (${run.name}) ${run.status}: there is nothing left of it to move`, { hint: `start a new run: ca run ${run.name} --env ${run.env} --queue`, exitCode: EXIT.usage });
    }
    const { env } = run;
    const [from, to] = await withLedger(await openLedgerForReading(config), async (ledger) => [await readRelease(ledger!, run.release!), await requireCurrentRelease(ledger, env)] as const);
    const base = { runId: run.id, name: run.name, env, from: run.release };
    if (to.id === run.release) return { ...base, to: to.id, moved: false, changed: [], requeued: false };
    if (!from) {
      throw new UserError('release-unknown', `run ${run.id} is pinned to release ${shortRelease(run.release)}, which the deploy ledger has no record of, so what changed since cannot be told`, {
        hint: 'point ledger: (or CA_LEDGER_URL) at the ledger that env is deployed with',
        exitCode: EXIT.usage,
      });
    }
    const now = to.manifest.nodes[run.name];
    if (!now) {
      throw new UserError('node-not-released', `${run.name} is not part of the current release ${shortRelease(to.id)} of env ${env}: run ${run.id} can only go on on its own release`, {
        hint: `start a worker of release ${shortRelease(run.release)} (ca worker --env ${env} from its code), or deploy ${run.name} again`,
        exitCode: EXIT.failed,
      });
    }
    const steps = await store!.journal.readSteps(run.id);
    const executed = new Set(steps.map((step) => step.name));
    const changed = fingerprintChanges(from.manifest.nodes[run.name]?.fingerprints ?? {}, now.fingerprints, executed);
    if (changed.length > 0 && !options.fromDivergence) {
      const named = changed.map((change) => `${change.name} (${stepsOf(steps, change).join(', ')})`).join(', ');
      throw new UserError('upgrade-diverges', `run ${run.id} cannot move from release ${shortRelease(run.release)} to ${shortRelease(to.id)}: ${changed.length === 1 ? 'a node it has executed changed' : 'nodes it has executed changed'}: ${named}`, {
        hint: `let a worker of release ${shortRelease(run.release)} finish it (ca worker --env ${env} from that code), or move it anyway and run from the first changed step: ca run --resume ${run.id} --upgrade --from-divergence`,
        exitCode: EXIT.failed,
      });
    }
    if (run.status === 'running') {
      // A live worker is running it; a run whose worker died reads interrupted and may move.
      throw new UserError('run-in-flight', `run ${run.id} is in flight on a worker of release ${shortRelease(run.release)}: it can move once it parks, ends or its worker is gone`, {
        hint: `see where it is: ca trace ${run.id}`,
        exitCode: EXIT.failed,
      });
    }
    if (!(await store!.moveRelease(run.id, run.release, to.id))) {
      throw new UserError('run-moved', `run ${run.id} changed while it was being moved (a worker started it, or another upgrade moved it)`, { hint: `see ca runs and ca trace ${run.id}, then try again`, exitCode: EXIT.failed });
    }
    const requeued = run.queue !== undefined && (run.status === 'queued' || run.status === 'interrupted');
    if (requeued) await requeue(runStoreLocation(config), run.id, run.queue!, to.id);
    return { ...base, to: to.id, moved: true, changed, requeued };
  });
}

/** The journal's keys for a node (where in the run it executed). */
function stepsOf(steps: readonly { key: string; name: string }[], change: FingerprintChange): string[] {
  const keys = steps.filter((step) => step.name === change.name).map((step) => step.key);
  return keys.length > 3 ? [...keys.slice(0, 3), '…'] : keys;
}

/** Its queued workflows (of the old release) are cancelled and one of the new release takes their place. */
async function requeue(location: string, runId: string, queue: string, release: string): Promise<void> {
  const { QueueClient } = await import('../queue/dbos-queue.js');
  const client = await QueueClient.open(location);
  try {
    await client.cancelQueued(await client.queuedWorkflows(runId));
    await client.enqueue(runId, queue, `${runId}.release.${shortRelease(release)}`, release);
  } finally {
    await client.close();
  }
}
