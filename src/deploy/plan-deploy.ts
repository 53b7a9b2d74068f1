import type { Artifact, DeploymentRecord } from '../core/deployment.js';
import type { NodeKind } from '../core/node.js';
import { artifactState, detectChanges, type DeployChange } from './drift.js';

/**
 * - new: never deployed successfully to this env;
 * - changed: deployed, and the code differs (see `changes`);
 * - unchanged: what is deployed is this code;
 * - interrupted: the latest row is a `pending` one whose process is gone: a deploy crashed mid-publish.
 */
export type PlanAction = 'new' | 'changed' | 'unchanged' | 'interrupted';

export interface PlannedNode {
  node: string;
  kind: NodeKind;
  action: PlanAction;
  /** Whether this deploy publishes the node: every action but `unchanged`, and that too under --force. */
  publish: boolean;
  /** True when the node is published only because of --force. */
  forced: boolean;
  /** What differs from the latest successful deployment (for `changed`, and for `interrupted` when there is one). */
  changes: DeployChange[];
  /** The hash of the artifact this deploy would publish. */
  artifactHash: string;
  /** The latest successful deployment, when there is one. */
  deployed?: { version: number; artifactHash: string; time: string };
  /** The pending row left behind, for `interrupted`. */
  interrupted?: { version: number; artifactHash: string; time: string; pid: number; host: string };
}

/** Plain data: the CLI renders it like `terraform plan`, `--json` prints it as is. */
export interface DeployPlan {
  force: boolean;
  /** By node name. */
  nodes: PlannedNode[];
  /** Names of the nodes to publish, in `nodes` order. */
  publish: string[];
  counts: Record<PlanAction, number>;
}

export interface PlanInput {
  /** The frozen artifacts of the selected deployable nodes. */
  artifacts: readonly Artifact[];
  /** The ledger's latest succeeded row per node of the env. */
  latestSucceeded: readonly DeploymentRecord[];
  /** The ledger's latest row per node of the env, whatever its outcome. */
  latest: readonly DeploymentRecord[];
  /** Whether the process that wrote a pending row still runs (the app knows which host it is on). */
  /** Whether the process behind a pending row may still be publishing (`since`: when it wrote the row). */
  isAlive(pid: number, host: string, since?: string): boolean;
  /** Republish unchanged nodes too. */
  force?: boolean;
}

/**
 * What a deploy would do, node by node. Comparison is by fingerprints (the same detection as
 * `ca status`, see drift.ts), so whitespace or a moved file does not republish anything.
 * A pending latest row whose process still runs is not interrupted: the node is planned against
 * its latest success (the app serialises deploys per env, so that row belongs to a deploy that is
 * about to end or to another host).
 */
export function planDeploy(input: PlanInput): DeployPlan {
  const force = input.force ?? false;
  const succeeded = byNode(input.latestSucceeded);
  const latest = byNode(input.latest);
  const artifacts = [...input.artifacts].sort((a, b) => compare(a.manifest.node, b.manifest.node));

  const nodes = artifacts.map((artifact): PlannedNode => {
    const name = artifact.manifest.node;
    const previous = succeeded.get(name);
    const last = latest.get(name);
    const changes = previous ? detectChanges(artifactState(artifact), previous) : [];
    const action: PlanAction =
      last?.outcome === 'pending' && !input.isAlive(last.pid, last.host, last.time) ? 'interrupted' : !previous ? 'new' : changes.length > 0 ? 'changed' : 'unchanged';
    const forced = action === 'unchanged' && force;
    return {
      node: name,
      kind: artifact.manifest.kind,
      action,
      publish: action !== 'unchanged' || force,
      forced,
      changes,
      artifactHash: artifact.hash,
      ...(previous ? { deployed: { version: previous.version, artifactHash: previous.artifactHash, time: previous.time } } : {}),
      ...(action === 'interrupted' && last
        ? { interrupted: { version: last.version, artifactHash: last.artifactHash, time: last.time, pid: last.pid, host: last.host } }
        : {}),
    };
  });

  const counts: Record<PlanAction, number> = { new: 0, changed: 0, unchanged: 0, interrupted: 0 };
  for (const node of nodes) counts[node.action] += 1;
  return { force, nodes, publish: nodes.filter((node) => node.publish).map((node) => node.node), counts };
}

function byNode(records: readonly DeploymentRecord[]): Map<string, DeploymentRecord> {
  const map = new Map<string, DeploymentRecord>();
  // Should the caller pass more than one row per node, the highest version wins.
  for (const record of records) {
    const seen = map.get(record.node);
    if (!seen || record.version > seen.version || (record.version === seen.version && record.id > seen.id)) map.set(record.node, record);
  }
  return map;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
