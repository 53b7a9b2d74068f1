import { existsSync } from 'node:fs';
import type { Artifact } from '../core/deployment.js';
import { EXIT, UserError } from '../core/errors.js';
import type { RollbackResult } from '../core/results.js';
import { artifactContentHash } from '../deploy/freeze-artifact.js';
import { createTarget } from '../deploy/targets/create-target.js';
import { readGitInfo } from '../state/git-info.js';
import { actorName, confirmProtected, shownLocation } from './deploy-project.js';
import { openProject, type ProjectOptions } from './load-project.js';
import { isPostgresUrl } from '../core/store-location.js';
import { checkEnv, ledgerLocation, openLedgerForWriting } from './open-project-ledger.js';
import { publishArtifact } from './publish-artifact.js';

/**
 * Republishes the stored artifact of an earlier succeeded version and records it as a new
 * version. Reads the ledger only: the project's code is neither scanned nor run.
 */
export async function rollbackNode(
  options: ProjectOptions & { env: string; node: string; to: number; message?: string; yes?: boolean; confirm?: () => Promise<boolean>; onOutput?: (chunk: string) => void },
): Promise<RollbackResult> {
  const config = await openProject(options);
  checkEnv(config, options.env);
  const env = config.envs[options.env]!;
  const target = createTarget(env.target, config.root);
  const location = ledgerLocation(config);
  if (!isPostgresUrl(location) && !existsSync(location)) {
    throw new UserError('unknown-version', `nothing was ever deployed here, so ${options.node} has no version ${options.to} in ${options.env}`, {
      hint: `No ledger at ${location}.`,
    });
  }
  // A rollback changes what runs in the env as much as a deploy does.
  if (env.protected && !options.yes) await confirmProtected(options.env, options.confirm && (() => options.confirm!()), [], 'roll back');
  const ledger = await openLedgerForWriting(config);
  try {
    await ledger.assertAppendable(options.env);
    const old = await ledger.version(options.env, options.node, options.to);
    if (!old) {
      const versions = (await ledger.history(options.env, options.node)).filter((r) => r.outcome === 'succeeded').map((r) => `v${r.version}`);
      throw new UserError('unknown-version', `${options.node} has no succeeded version ${options.to} in ${options.env}`, {
        hint: versions.length ? `Succeeded versions: ${versions.join(', ')} (see ca history --env ${options.env} ${options.node})` : `Nothing of ${options.node} was deployed to ${options.env}.`,
      });
    }
    const json = await ledger.artifact(old.artifactHash);
    if (json === undefined) {
      throw new UserError('artifact-missing', `the ledger has no stored artifact ${old.artifactHash.slice(0, 12)} for ${options.node} v${options.to}`, { exitCode: EXIT.failed });
    }
    const artifact = JSON.parse(json) as Artifact;
    // The stored copy must be exactly what was published: its content hash is in the chained row.
    if (artifactContentHash(artifact) !== old.contentHash) {
      throw new UserError('artifact-altered', `the stored artifact of ${options.node} v${options.to} does not match the hash recorded when it was published`, {
        exitCode: EXIT.failed,
        hint: 'The ledger file was edited outside ca: run `ca ledger verify`, and redeploy from the code instead.',
      });
    }
    const git = await readGitInfo(config.root);
    return await ledger.withEnvLock(options.env, async () => {
      const input: Parameters<typeof publishArtifact>[2] = {
        env: options.env,
        artifact,
        git,
        actor: actorName(),
        root: config.root,
        message: options.message ?? `rollback to v${options.to}`,
      };
      if (options.onOutput) input.onOutput = options.onOutput;
      const outcome = await publishArtifact(ledger, target, input);
      if (outcome.error !== undefined) {
        throw new UserError('rollback-failed', `rollback of ${options.node} in ${options.env} failed: ${outcome.error}`, { exitCode: EXIT.failed });
      }
      return { env: options.env, node: options.node, from: options.to, version: outcome.pending.version, artifactHash: artifact.hash, location: shownLocation(config.root, outcome.location!) };
    });
  } finally {
    await ledger.close();
  }
}
