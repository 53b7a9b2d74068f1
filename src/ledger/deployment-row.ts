import type { DeploymentOutcome, DeploymentRecord } from '../core/deployment.js';
import { hashCanonical, sha256 } from '../core/hash.js';
import type { Fingerprints, NodeKind } from '../core/node.js';

/** A `deployments` row as SQLite stores it. */
export interface DeploymentRow {
  id: number;
  env: string;
  node: string;
  kind: string;
  version: number;
  artifact_hash: string;
  content_hash: string;
  /** JSON text. */
  fingerprints: string;
  /** JSON text. */
  upstream: string;
  git_commit: string | null;
  /** 0 or 1. */
  git_dirty: number;
  actor: string;
  time: string;
  target: string;
  outcome: string;
  message: string | null;
  pid: number;
  host: string;
  prev_hash: string;
  row_hash: string;
}

/** What is hashed: every column but id (assigned by SQLite) and row_hash itself. */
export type HashedColumns = Omit<DeploymentRow, 'id' | 'row_hash'>;

/**
 * row_hash = sha256(prev_hash + '\n' + hashCanonical(the other columns as stored)), where the
 * canonical JSON (RFC 8785) is of an object keyed by column name, JSON columns as their stored
 * text, git_dirty as 0/1. prev_hash is the row_hash of the previous row of the same env ('' for
 * the first), so editing, deleting or reordering a row breaks the chain from there on. Anyone
 * can recompute it from the file with sqlite3 and a canonicaliser.
 */
export function rowHash(columns: HashedColumns): string {
  const hashed: HashedColumns = {
    env: columns.env,
    node: columns.node,
    kind: columns.kind,
    version: columns.version,
    artifact_hash: columns.artifact_hash,
    content_hash: columns.content_hash,
    fingerprints: columns.fingerprints,
    upstream: columns.upstream,
    git_commit: columns.git_commit,
    git_dirty: columns.git_dirty,
    actor: columns.actor,
    time: columns.time,
    target: columns.target,
    outcome: columns.outcome,
    message: columns.message,
    pid: columns.pid,
    host: columns.host,
    prev_hash: columns.prev_hash,
  };
  return sha256(`${columns.prev_hash}\n${hashCanonical(hashed)}`);
}

export function toRecord(row: DeploymentRow): DeploymentRecord {
  return {
    id: row.id,
    env: row.env,
    node: row.node,
    kind: row.kind as NodeKind,
    version: row.version,
    artifactHash: row.artifact_hash,
    contentHash: row.content_hash,
    fingerprints: JSON.parse(row.fingerprints) as Fingerprints,
    upstream: JSON.parse(row.upstream) as Record<string, string>,
    gitCommit: row.git_commit,
    gitDirty: row.git_dirty === 1,
    actor: row.actor,
    time: row.time,
    target: row.target,
    outcome: row.outcome as DeploymentOutcome,
    message: row.message,
    pid: row.pid,
    host: row.host,
    prevHash: row.prev_hash,
    rowHash: row.row_hash,
  };
}
