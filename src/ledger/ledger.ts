import type { DeploymentOutcome, DeploymentRecord, NewDeployment } from '../core/deployment.js';

/** The ledger schema this ca writes and reads; a newer file is refused, an older one migrated. */
export const LEDGER_SCHEMA_VERSION = 1;

/** A bad row found by verify: the first one of its env whose hash does not hold. */
export interface ChainBreak {
  env: string;
  id: number;
  reason: string;
}

/** Who holds an env's deploy lock: a process on a host, since an ISO time. */
export interface LockHolder {
  pid: number;
  host: string;
  since: string;
}

/**
 * The deploy ledger (SPEC §6): SQLite through better-sqlite3, WAL, synchronous FULL, every write
 * transaction IMMEDIATE, a busy timeout, schema by user_version. Rows are only ever appended.
 */
export interface Ledger {
  readonly path: string;
  readonly schemaVersion: number;
  close(): void;
  /**
   * Runs `work` holding the env's deploy lock: deploys to one env serialise across processes,
   * different envs do not block each other. A lock left by a dead process is taken over.
   */
  withEnvLock<T>(env: string, work: () => Promise<T>, options?: { timeoutMs?: number; onWait?: (holder: LockHolder) => void }): Promise<T>;
  /** The env's lock row as the file has it (possibly left by a dead process), if any. */
  lockHolder(env: string): LockHolder | undefined;
  /** Keeps an artifact's JSON by hash (idempotent), for rollback. */
  storeArtifact(hash: string, json: string): void;
  artifact(hash: string): string | undefined;
  /** Appends the `pending` row of a new version (max version of env+node, plus one). */
  recordPending(entry: NewDeployment): DeploymentRecord;
  /** Appends the outcome row for a pending one (same version). */
  recordOutcome(pending: DeploymentRecord, outcome: Exclude<DeploymentOutcome, 'pending'>, message?: string): DeploymentRecord;
  /** Every row of an env (optionally one node), oldest first. */
  history(env: string, node?: string): DeploymentRecord[];
  /** The latest row per node of an env. */
  latest(env: string): DeploymentRecord[];
  /** The latest succeeded row per node of an env. */
  latestSucceeded(env: string): DeploymentRecord[];
  /** The succeeded row of one version. */
  version(env: string, node: string, version: number): DeploymentRecord | undefined;
  /** Envs that have rows. */
  envs(): string[];
  /** Walks every env's hash chain; the first bad row per env. */
  verify(): ChainBreak[];
  /**
   * Before a deploy or rollback writes anything (even its lock): the env's chain head holds (its
   * newest row matches its hash and follows the one before). Otherwise a UserError, exit 2.
   */
  assertAppendable(env: string): void;
  /** SQLite's quick_check of the whole file: what is wrong with its pages and indexes (none: empty). */
  integrityProblems(): string[];
}
