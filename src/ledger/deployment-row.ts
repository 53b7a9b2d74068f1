import type { DeploymentOutcome, DeploymentRecord, NewDeployment } from '../core/deployment.js';
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

/** What a backend appends for a new deploy, before time, process and chain: the `pending` row of `version`. */
export type RowFields = Omit<HashedColumns, 'time' | 'pid' | 'host' | 'prev_hash'>;

export function pendingFields(entry: NewDeployment, version: number): RowFields {
  return {
    env: entry.env,
    node: entry.node,
    kind: entry.kind,
    version,
    artifact_hash: entry.artifactHash,
    content_hash: entry.contentHash,
    fingerprints: JSON.stringify(entry.fingerprints),
    upstream: JSON.stringify(entry.upstream),
    git_commit: entry.gitCommit,
    git_dirty: entry.gitDirty ? 1 : 0,
    actor: entry.actor,
    target: entry.target,
    outcome: 'pending',
    message: null,
  };
}

/**
 * The outcome row of a stored pending `row`: copied from the row as stored (not the caller's
 * object), so it describes what was recorded. Throws when `row` is not that pending row.
 */
export function outcomeFields(row: DeploymentRow | undefined, pending: DeploymentRecord, outcome: DeploymentOutcome, message: string | null): RowFields {
  if (!row || row.outcome !== 'pending' || row.env !== pending.env || row.node !== pending.node || row.version !== pending.version) {
    throw new Error(`recordOutcome: row ${pending.id} is not the pending row of ${pending.node} v${pending.version} in ${pending.env}`);
  }
  return {
    env: row.env,
    node: row.node,
    kind: row.kind,
    version: row.version,
    artifact_hash: row.artifact_hash,
    content_hash: row.content_hash,
    fingerprints: row.fingerprints,
    upstream: row.upstream,
    git_commit: row.git_commit,
    git_dirty: row.git_dirty,
    actor: row.actor,
    target: row.target,
    outcome,
    message,
  };
}

/**
 * A record back as the columns that were hashed, for copying it to another ledger. The JSON columns
 * are written again from the parsed values, which gives back the same text ca wrote (its key
 * order, strings only); `copiedRow` checks that the hash still holds, so a row that would not
 * copy exactly is refused rather than copied changed.
 */
export function copiedRow(record: DeploymentRecord): HashedColumns & { row_hash: string } {
  const columns: HashedColumns = {
    env: record.env,
    node: record.node,
    kind: record.kind,
    version: record.version,
    artifact_hash: record.artifactHash,
    content_hash: record.contentHash,
    fingerprints: JSON.stringify(record.fingerprints),
    upstream: JSON.stringify(record.upstream),
    git_commit: record.gitCommit,
    git_dirty: record.gitDirty ? 1 : 0,
    actor: record.actor,
    time: record.time,
    target: record.target,
    outcome: record.outcome,
    message: record.message,
    pid: record.pid,
    host: record.host,
    prev_hash: record.prevHash,
  };
  if (rowHash(columns) !== record.rowHash) throw new Error(`row ${record.id} of ${record.env} does not hash to its row_hash: it cannot be copied exactly`);
  return { ...columns, row_hash: record.rowHash };
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
