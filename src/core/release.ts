import type { NodeKind } from './node.js';

/** The format of a release's record, kept in the ledger beside the artifacts (SPEC §14). */
export const RELEASE_SCHEMA = 'ca-release/1';

/** One deployed node of a release: its artifact, and the `self` fingerprint of it and of every node it can reach. */
export interface ReleaseNode {
  kind: NodeKind;
  artifact: string;
  fingerprints: Record<string, string>;
}

/**
 * What a worker env runs (SPEC §14): every node deployed to it, as the ledger's latest succeeded
 * rows say after a deploy. Content-addressed: the id is the sha256 of the canonical record, so the
 * same code deployed twice is the same release, and a worker computes from its own code whether it
 * serves one.
 */
export interface ReleaseManifest {
  schema: typeof RELEASE_SCHEMA;
  env: string;
  nodes: Record<string, ReleaseNode>;
}

export interface Release {
  id: string;
  manifest: ReleaseManifest;
}

/** How a release id is shown: 12 hex characters, like a git hash. */
export function shortRelease(id: string): string {
  return id.slice(0, 12);
}

/** A node whose code differs: its fingerprint in one release (or code) and the other; undefined where it is absent. */
export interface FingerprintChange {
  name: string;
  then?: string;
  now?: string;
}
