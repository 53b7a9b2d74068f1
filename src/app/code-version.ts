import { sha256 } from '../core/hash.js';
import type { ProjectScan } from '../core/project-scan.js';

const versions = new WeakMap<ProjectScan, string>();

/**
 * The version of the project's code as one scan saw it: the fingerprints of every node (body,
 * config and the helpers each reaches), so it changes when the code a run can reach changes and
 * not for a comment or a moved line. Fingerprints are the version, as for resume and replay.
 */
export function codeVersionOf(scan: ProjectScan): string {
  let version = versions.get(scan);
  if (version === undefined) {
    version = sha256(scan.nodes.map((node) => `${node.name} ${node.fingerprints.self}`).join('\n')).slice(0, 16);
    versions.set(scan, version);
  }
  return version;
}
