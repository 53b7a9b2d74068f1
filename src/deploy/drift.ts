import { artifactContentHash } from './freeze-artifact.js';
import type { Artifact, DeploymentRecord } from '../core/deployment.js';
import type { CaNode } from '../core/node.js';
import { nodeOf, type CaGraph } from '../graph/build-graph.js';
import { ancestors } from '../graph/traverse.js';

/** What a deployment is compared on: the node's own fingerprints and the self fingerprint of each upstream node. */
export type DeployedState = Pick<DeploymentRecord, 'fingerprints' | 'upstream'>;

/**
 * One thing that differs between the code and a deployment: a part of the node's own fingerprint,
 * or an upstream node (by name) whose self fingerprint moved, or that was added to or removed from
 * what the node reaches.
 */
export type DeployChange = 'body' | 'config' | 'code' | `upstream:${string}`;

/** The current code of a node: a frozen artifact, or the node in its graph (what `ca status` has without reading files). */
export type CurrentCode = Artifact | { node: CaNode; graph: CaGraph };

export interface DriftReport {
  status: 'in-sync' | 'drifted';
  /** In order: body, config, code, then `upstream:<name>` by name. Empty when in sync. */
  changes: DeployChange[];
}

const OWN_PARTS = ['body', 'config', 'code'] as const;

/** `ca status` for one deployed node: in sync, or drifted with what changed. */
export function compareDeployed(current: CurrentCode, deployed: DeployedState): DriftReport {
  const changes = detectChanges(stateOf(current), deployed);
  return { status: changes.length === 0 ? 'in-sync' : 'drifted', changes };
}

/**
 * The one change detection that both the deploy plan and `ca status` use. Fingerprint-based (SPEC §2):
 * an upstream node counts by its `self` fingerprint; a node reached only through another one is
 * named itself, since every node reached transitively is in `upstream`.
 */
export function detectChanges(current: DeployedState, deployed: DeployedState): DeployChange[] {
  const changes: DeployChange[] = OWN_PARTS.filter((part) => current.fingerprints[part] !== deployed.fingerprints[part]);
  const names = [...new Set([...Object.keys(current.upstream), ...Object.keys(deployed.upstream)])].sort();
  for (const name of names) {
    if (current.upstream[name] !== deployed.upstream[name]) changes.push(`upstream:${name}`);
  }
  return changes;
}

/** What a ledger row records for an artifact: its fingerprints and its upstream's self fingerprints. */
export function artifactState(artifact: Artifact): DeployedState & { artifactHash: string; contentHash: string } {
  const upstream: Record<string, string> = {};
  for (const [name, used] of Object.entries(artifact.manifest.upstream)) upstream[name] = used.fingerprints.self;
  return { artifactHash: artifact.hash, contentHash: artifactContentHash(artifact), fingerprints: { ...artifact.manifest.fingerprints }, upstream };
}

/** The same as artifactState, straight from the graph: no files read. */
export function nodeState(node: CaNode, graph: CaGraph): DeployedState {
  const upstream: Record<string, string> = {};
  for (const name of [...ancestors(graph, [node.name])].sort()) upstream[name] = nodeOf(graph, name).fingerprints.self;
  return { fingerprints: { ...node.fingerprints }, upstream };
}

function stateOf(current: CurrentCode): DeployedState {
  return 'manifest' in current ? artifactState(current) : nodeState(current.node, current.graph);
}
