import type { Artifact, DeploymentRecord } from '../core/deployment.js';
import { artifactState } from '../deploy/drift.js';
import { PublishError, type DeployTarget } from '../deploy/targets/target.js';
import type { Ledger } from '../ledger/ledger.js';
import type { GitInfo } from '../state/git-info.js';

export interface PublishOutcome {
  pending: DeploymentRecord;
  /** Where it went, when it did. */
  location?: string;
  /** Why it did not. */
  error?: string;
}

/**
 * The unit both deploy and rollback are made of: store the artifact, write `pending`, publish,
 * write `succeeded` or `failed`. A crash between the two rows leaves the pending row visible.
 */
export async function publishArtifact(
  ledger: Ledger,
  target: DeployTarget,
  input: { env: string; artifact: Artifact; git: GitInfo; actor: string; root: string; message?: string; onOutput?: (chunk: string) => void },
): Promise<PublishOutcome> {
  const { artifact } = input;
  const state = artifactState(artifact);
  await ledger.storeArtifact(artifact.hash, JSON.stringify(artifact));
  const pending = await ledger.recordPending({
    env: input.env,
    node: artifact.manifest.node,
    kind: artifact.manifest.kind,
    artifactHash: artifact.hash,
    contentHash: state.contentHash,
    fingerprints: state.fingerprints,
    upstream: state.upstream,
    gitCommit: input.git.commit,
    gitDirty: input.git.dirty,
    actor: input.actor,
    target: target.describe(),
  });
  let published: Awaited<ReturnType<DeployTarget['publish']>>;
  try {
    const request: Parameters<DeployTarget['publish']>[0] = { env: input.env, node: artifact.manifest.node, artifact, root: input.root };
    if (input.onOutput) request.onOutput = input.onOutput;
    published = await target.publish(request);
  } catch (error) {
    const message = error instanceof PublishError ? error.message : (error as Error).message;
    await ledger.recordOutcome(pending, 'failed', message);
    return { pending, error: message };
  }
  // Outside the try: a ledger that cannot take the outcome (its server gone) must not be read as a
  // failed publish. The pending row stays, and reads as interrupted once this process is gone.
  await ledger.recordOutcome(pending, 'succeeded', input.message);
  return { pending, location: published.location };
}
