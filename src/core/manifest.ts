import type { Diagnostic } from './diagnostic.js';
import type { CaNode } from './node.js';

/** Bumped when the manifest's shape changes incompatibly; readers refuse newer versions. */
export const MANIFEST_SCHEMA_VERSION = 1;

/** What `ca manifest` writes and `--state` reads: every node of a project at one moment. */
export interface Manifest {
  schemaVersion: typeof MANIFEST_SCHEMA_VERSION;
  /** The ca version that wrote it. */
  caVersion: string;
  generatedAt: string;
  project: {
    /** Folder name of the project, for display. */
    name: string;
    /** Source roots scanned, relative to the project. */
    src: string[];
  };
  /** Nodes by name, sorted by name. */
  nodes: Record<string, CaNode>;
  diagnostics: Diagnostic[];
}
