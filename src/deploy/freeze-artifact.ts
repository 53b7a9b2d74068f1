import type { Artifact, ArtifactManifest } from '../core/deployment.js';
import { hashCanonical } from '../core/hash.js';
import type { CaNode } from '../core/node.js';
import { nodeOf, type CaGraph } from '../graph/build-graph.js';
import { ancestors } from '../graph/traverse.js';

export interface FreezeOptions {
  /** ca's own version: recorded in the manifest, left out of the hash. */
  caVersion: string;
  /** name@version of the project's package.json, when there is one: recorded, left out of the hash. */
  project?: string;
}

/** Reads one project file by its project-relative path (forward slashes). Throws when it cannot. */
export type ReadProjectFile = (projectRelativePath: string) => string;

/**
 * Freezes a deployable node: its manifest (the node, every node it reaches through `uses` with
 * their fingerprints, the files and helper declarations they cover) and the contents of those files.
 *
 * The hash is `hashCanonical(manifest without caVersion and project)`. It deliberately covers the
 * fingerprints, not the raw bytes of the carried files:
 * - fingerprints are already the project's notion of "the same code" (SPEC §2): whitespace,
 *   comments, quote style, a Prettier run and CRLF checkouts do not count, and they are
 *   declaration-level, so an edit to an unrelated declaration that happens to share a carried file
 *   (another tool in `lib/store.ts`) does not count either;
 * - so the hash moves exactly when `plan`/`status` see a change, and the same code hashes the same
 *   on any machine and under any ca version (caVersion and project are provenance, not identity).
 * The file contents ride along for the target; two artifacts with one hash may differ in layout
 * bytes (whitespace, comments, unrelated declarations) but not in anything a fingerprint covers.
 *
 * Pure apart from `readFile`: nothing in the project is imported or executed.
 */
export function freezeArtifact(node: CaNode, graph: CaGraph, readFile: ReadProjectFile, options: FreezeOptions): Artifact {
  const upstreamNames = [...ancestors(graph, [node.name])].sort();
  const upstreamNodes = upstreamNames.map((name) => nodeOf(graph, name));

  const upstream: ArtifactManifest['upstream'] = {};
  for (const used of upstreamNodes) upstream[used.name] = { kind: used.kind, fingerprints: { ...used.fingerprints } };

  const covered = [node, ...upstreamNodes];
  const helpers = sortedUnique(covered.flatMap((each) => each.helpers));
  const files = sortedUnique([...covered.map((each) => each.file), ...helpers.map(helperFile)]);

  const contents: Record<string, string> = {};
  for (const file of files) contents[file] = readFile(file);

  const manifest: ArtifactManifest = {
    schemaVersion: 1,
    node: node.name,
    kind: node.kind,
    config: structuredClone(node.config),
    fingerprints: { ...node.fingerprints },
    upstream,
    files,
    helpers,
    caVersion: options.caVersion,
    ...(options.project === undefined ? {} : { project: options.project }),
  };
  return { hash: artifactHash(manifest), manifest, files: contents };
}

/** The identity of an artifact: its manifest minus provenance (see freezeArtifact). Recomputable from a stored artifact. */
export function artifactHash(manifest: ArtifactManifest): string {
  const { caVersion: _caVersion, project: _project, ...identity } = manifest;
  return hashCanonical(identity);
}

/** "src/lib/money.ts#formatAmount" → "src/lib/money.ts" (the name never holds a `#`; a path might). */
function helperFile(helper: string): string {
  const cut = helper.lastIndexOf('#');
  return cut === -1 ? helper : helper.slice(0, cut);
}

function sortedUnique(values: Iterable<string>): string[] {
  return [...new Set(values)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * sha256 of everything an artifact carries (manifest and file texts): not its identity (that is
 * `hash`, from fingerprints) but the check that a stored copy is exactly what was published.
 */
export function artifactContentHash(artifact: Pick<Artifact, 'manifest' | 'files'>): string {
  return hashCanonical({ manifest: artifact.manifest, files: artifact.files });
}
