import type { ProjectConfig } from '../config/project-config.js';
import { EXIT, UserError } from '../core/errors.js';
import { shortRelease, type Release } from '../core/release.js';
import { parseRelease, releaseOfDeployments, releaseText } from '../deploy/release.js';
import type { Ledger } from '../ledger/ledger.js';
import { checkEnv } from './open-project-ledger.js';

/** An env whose target is `worker` (SPEC §14): its name and the queue its runs go to. */
export interface WorkerEnv {
  name: string;
  queue: string;
}

/** The env, which must deploy to workers: `--env` of `ca worker` and of `ca run --queue`. */
export function workerEnv(config: ProjectConfig, env: string, flag = '--env'): WorkerEnv {
  checkEnv(config, env);
  const target = config.envs[env]!.target;
  if (target.type !== 'worker') {
    const workers = Object.entries(config.envs).filter(([, value]) => value.target.type === 'worker').map(([name]) => name);
    throw new UserError('env-not-worker', `${flag} ${env}: env ${env} deploys to ${target.type === 'dir' ? `the folder ${target.path}` : `a ${target.type} target`}, not to workers, so no worker runs its releases`, {
      hint: workers.length > 0 ? `envs served by workers: ${workers.join(', ')}` : 'give an env target: { type: worker, queue: NAME } in ca.yaml (see docs/releases.md)',
      exitCode: EXIT.usage,
    });
  }
  return { name: env, queue: target.queue };
}

/**
 * The env's current release: what its latest succeeded rows say. Undefined when nothing was
 * deployed to it. A damaged chain (an edited or deleted row) is refused: a release decides which
 * code runs, so it is never read from rows that do not hold.
 */
export async function currentRelease(ledger: Ledger, env: string): Promise<Release | undefined> {
  const breaks = (await ledger.verify()).filter((entry) => entry.env === env);
  if (breaks.length > 0) {
    throw new UserError('ledger-damaged', `the deploy ledger ${ledger.path} is damaged: row ${breaks[0]!.id} of env ${env}: ${breaks[0]!.reason}; its release cannot be trusted`, {
      hint: 'see the whole chain with ca ledger verify, and restore the ledger from a copy',
      exitCode: EXIT.usage,
    });
  }
  const rows = await ledger.latestSucceeded(env);
  return rows.length === 0 ? undefined : releaseOfDeployments(env, rows);
}

/** Keeps the release's record in the ledger (content-addressed, so recording it twice is one record). */
export async function recordRelease(ledger: Ledger, release: Release): Promise<void> {
  await ledger.storeArtifact(release.id, releaseText(release.manifest));
}

/** A release by id, as the ledger keeps it; undefined when it has no such record; a damaged record is an error. */
export async function readRelease(ledger: Ledger, id: string): Promise<Release | undefined> {
  const text = await ledger.artifact(id);
  if (text === undefined) return undefined;
  const release = parseRelease(id, text);
  if (!release) {
    throw new UserError('release-damaged', `the record of release ${shortRelease(id)} in the deploy ledger ${ledger.path} does not match its hash: it was altered`, {
      hint: 'restore the ledger from a copy (ca ledger verify checks the deployments themselves)',
      exitCode: EXIT.usage,
    });
  }
  return release;
}

/** The env's current release, for a verb that needs one: nothing deployed yet is a usage error. */
export async function requireCurrentRelease(ledger: Ledger | undefined, env: string): Promise<Release> {
  const release = ledger ? await currentRelease(ledger, env) : undefined;
  if (!release) {
    throw new UserError('no-release', `env ${env} has no release yet: nothing was deployed to it`, {
      hint: `deploy first: ca deploy --env ${env}`,
      exitCode: EXIT.usage,
    });
  }
  return release;
}
