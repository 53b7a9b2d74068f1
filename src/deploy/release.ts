import canonicalizeModule from 'canonicalize';
import type { DeploymentRecord } from '../core/deployment.js';
import { sha256 } from '../core/hash.js';
import { RELEASE_SCHEMA, type FingerprintChange, type Release, type ReleaseManifest, type ReleaseNode } from '../core/release.js';

const canonicalize = canonicalizeModule as unknown as (input: unknown) => string | undefined;

/**
 * The release a worker env runs after a deploy: every node's latest succeeded row, with the `self`
 * fingerprint of the node and of each node it uses (the row's upstream). Pure: the same rows give the
 * same release, whichever machine computes it.
 */
export function releaseOfDeployments(env: string, rows: readonly DeploymentRecord[]): Release {
  const nodes: Record<string, ReleaseNode> = {};
  for (const row of [...rows].sort((a, b) => (a.node < b.node ? -1 : a.node > b.node ? 1 : 0))) {
    nodes[row.node] = { kind: row.kind, artifact: row.artifactHash, fingerprints: { ...row.upstream, [row.node]: row.fingerprints.self } };
  }
  return releaseOf({ schema: RELEASE_SCHEMA, env, nodes });
}

/** The release of a manifest: its id is the sha256 of its canonical JSON text (what the ledger keeps). */
export function releaseOf(manifest: ReleaseManifest): Release {
  return { id: sha256(releaseText(manifest)), manifest };
}

export function releaseText(manifest: ReleaseManifest): string {
  return canonicalize(manifest)!;
}

/**
 * A release read back from the ledger: undefined when the text is not a release record or does not
 * hash to its id (a damaged row must never decide what a worker runs).
 */
export function parseRelease(id: string, text: string): Release | undefined {
  if (sha256(text) !== id) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const manifest = value as Partial<ReleaseManifest> | null;
  if (!manifest || manifest.schema !== RELEASE_SCHEMA || typeof manifest.env !== 'string' || typeof manifest.nodes !== 'object' || manifest.nodes === null) return undefined;
  return { id, manifest: manifest as ReleaseManifest };
}

/** The nodes whose fingerprints differ between two maps (a release's node and code, or two releases), by name. */
export function fingerprintChanges(then: Readonly<Record<string, string>>, now: Readonly<Record<string, string>>, only?: ReadonlySet<string>): FingerprintChange[] {
  const names = [...new Set([...Object.keys(then), ...Object.keys(now)])].filter((name) => !only || only.has(name)).sort();
  return names
    .filter((name) => then[name] !== now[name])
    .map((name) => ({ name, ...(then[name] === undefined ? {} : { then: then[name] }), ...(now[name] === undefined ? {} : { now: now[name] }) }));
}

/** One node of a release that the code in hand does not match. */
export interface ReleaseMismatch {
  node: string;
  changes: FingerprintChange[];
}

/**
 * Whether code serves a release: for every node of the release, the same fingerprint for it and
 * for every node it can reach (`codeFingerprints(name)`: undefined when the code has no such node).
 * Empty: it does.
 */
export function releaseMismatches(release: Release, codeFingerprints: (node: string) => Record<string, string> | undefined): ReleaseMismatch[] {
  const mismatches: ReleaseMismatch[] = [];
  for (const [node, recorded] of Object.entries(release.manifest.nodes)) {
    const code = codeFingerprints(node);
    const changes = code ? fingerprintChanges(recorded.fingerprints, code) : [{ name: node, then: recorded.fingerprints[node]! }];
    if (changes.length > 0) mismatches.push({ node, changes });
  }
  return mismatches;
}

/**
 * The release a worker computes from its own code when started with --allow-dirty: the nodes of
 * `like` (the env's current release) as this code has them.
 */
export function releaseOfCode(like: Release, codeFingerprints: (node: string) => Record<string, string> | undefined, artifactOf: (node: string) => string): Release {
  const nodes: Record<string, ReleaseNode> = {};
  for (const [node, recorded] of Object.entries(like.manifest.nodes)) {
    const fingerprints = codeFingerprints(node);
    if (fingerprints) nodes[node] = { kind: recorded.kind, artifact: artifactOf(node), fingerprints };
  }
  return releaseOf({ schema: RELEASE_SCHEMA, env: like.manifest.env, nodes });
}
