import type { Fingerprints, JsonValue, NodeKind } from './node.js';

/** What a ledger row says happened. A `pending` row whose process is gone reads as interrupted. */
export type DeploymentOutcome = 'pending' | 'succeeded' | 'failed';

/** What ca freezes for a deployable node: everything needed to run it, content-addressed. */
export interface ArtifactManifest {
  schemaVersion: 1;
  node: string;
  kind: NodeKind;
  config: Record<string, JsonValue>;
  fingerprints: Fingerprints;
  /** Every node reached through `uses`, transitively, with its kind and fingerprints. */
  upstream: Record<string, { kind: NodeKind; fingerprints: Fingerprints }>;
  /** Project-relative source files the artifact carries (the node's, its upstream's and their helpers'). */
  files: string[];
  /** Helper declarations covered ("file#name"). */
  helpers: string[];
  caVersion: string;
  /** name@version of the project's package.json, when there is one. */
  project?: string;
}

export interface Artifact {
  /**
   * sha256 of the canonical manifest (without caVersion and project). The manifest holds the
   * node's and every upstream node's fingerprints, so the hash moves exactly when plan and status
   * see a change, and a formatter run republishes nothing. The carried file texts are not hashed.
   */
  hash: string;
  manifest: ArtifactManifest;
  /** Source file contents by project-relative path. */
  files: Record<string, string>;
}

/** One row of the ledger: append-only, hash-chained per env. */
export interface DeploymentRecord {
  id: number;
  env: string;
  node: string;
  kind: NodeKind;
  /** Per env and node, monotonic; a pending row and its outcome share it. */
  version: number;
  artifactHash: string;
  /**
   * sha256 of the stored artifact's whole JSON content (manifest and carried files), chained with
   * the row: what rollback and `ledger verify` check the stored artifact against.
   */
  contentHash: string;
  fingerprints: Fingerprints;
  /** Self fingerprints of the upstream nodes at freeze time, by name. */
  upstream: Record<string, string>;
  gitCommit: string | null;
  gitDirty: boolean;
  actor: string;
  /** ISO time the row was written. */
  time: string;
  /** Description of the target (`dir .ca/releases/prod`, `command ./publish.sh {artifact}`, `http https://…`). */
  target: string;
  outcome: DeploymentOutcome;
  message: string | null;
  /** Process that wrote a pending row, to tell "still running" from "interrupted". */
  pid: number;
  host: string;
  prevHash: string;
  rowHash: string;
}

/** What a deploy writes before publishing. */
export type NewDeployment = Omit<DeploymentRecord, 'id' | 'version' | 'time' | 'outcome' | 'message' | 'pid' | 'host' | 'prevHash' | 'rowHash'>;

export type NodeStatus = 'in-sync' | 'drifted' | 'not-deployed' | 'orphaned' | 'interrupted' | 'deploying';
