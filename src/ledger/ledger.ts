import type { DeploymentOutcome, DeploymentRecord, NewDeployment } from '../core/deployment.js';
import { EXIT, UserError } from '../core/errors.js';

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
 * The deploy ledger (SPEC §6, §10): rows are only ever appended, each env's rows form a hash
 * chain, versions per env and node only grow. Two backends keep the same contract: SQLite
 * (sqlite-ledger.ts, the embedded default) and PostgreSQL (postgres/pg-ledger.ts, shared by a
 * team). Every method is async because the PostgreSQL one talks to a server; the contract tests
 * (test/ledger/ledger-contract.test.ts) run against both.
 */
export interface Ledger {
  /** Where it is, as messages show it: a file path, or a PostgreSQL URL with its password masked. */
  readonly path: string;
  readonly schemaVersion: number;
  close(): Promise<void>;
  /**
   * Runs `work` holding the env's deploy lock: deploys to one env serialise across processes,
   * different envs do not block each other. A lock left by a dead process is taken over.
   */
  withEnvLock<T>(env: string, work: () => Promise<T>, options?: { timeoutMs?: number; onWait?: (holder: LockHolder) => void }): Promise<T>;
  /**
   * Whether a deploy to `env` is running right now, when the backend knows for certain (PostgreSQL:
   * a session holds the env's lock, and a dead deploy's session is gone); undefined when it cannot
   * tell (SQLite: each pending row is judged by its process id and host).
   */
  deployInProgress(env: string): Promise<boolean | undefined>;
  /** The env's lock row as the file has it (possibly left by a dead process), if any. */
  lockHolder(env: string): Promise<LockHolder | undefined>;
  /** Keeps an artifact's JSON by hash (idempotent), for rollback. */
  storeArtifact(hash: string, json: string): Promise<void>;
  artifact(hash: string): Promise<string | undefined>;
  /** Appends the `pending` row of a new version (max version of env+node, plus one). */
  recordPending(entry: NewDeployment): Promise<DeploymentRecord>;
  /** Appends the outcome row for a pending one (same version). */
  recordOutcome(pending: DeploymentRecord, outcome: Exclude<DeploymentOutcome, 'pending'>, message?: string): Promise<DeploymentRecord>;
  /** The hashes of every stored artifact, sorted. */
  artifactHashes(): Promise<string[]>;
  /**
   * Appends rows copied from another ledger exactly as they were written (only the ids are new):
   * each must chain from its env's newest row and hash to its row_hash, or nothing is appended.
   * One transaction: `ca ledger copy` either adds every row or none.
   */
  appendCopies(rows: readonly DeploymentRecord[]): Promise<void>;
  /** Every row of an env (optionally one node), oldest first. */
  history(env: string, node?: string): Promise<DeploymentRecord[]>;
  /** The latest row per node of an env. */
  latest(env: string): Promise<DeploymentRecord[]>;
  /** The latest succeeded row per node of an env. */
  latestSucceeded(env: string): Promise<DeploymentRecord[]>;
  /** The succeeded row of one version. */
  version(env: string, node: string, version: number): Promise<DeploymentRecord | undefined>;
  /** Envs that have rows. */
  envs(): Promise<string[]>;
  /** Walks every env's hash chain; the first bad row per env. */
  verify(): Promise<ChainBreak[]>;
  /**
   * Before a deploy or rollback writes anything (even its lock): the env's chain head holds (its
   * newest row matches its hash and follows the one before). Otherwise a UserError, exit 2.
   */
  assertAppendable(env: string): Promise<void>;
  /**
   * What is wrong with the store below the rows (none: empty): SQLite's quick_check of the file's
   * pages and indexes; on PostgreSQL, append-only triggers that were dropped or disabled.
   */
  integrityProblems(): Promise<string[]>;
}

/** No ledger at `where` (no file, or a database without ca's schema): nothing was deployed yet. */
export function ledgerMissing(where: string): UserError {
  return new UserError('ledger-missing', `no deploy ledger at ${where}: nothing has been deployed yet`, {
    hint: 'run ca deploy --env <env> to record a first deployment',
    location: { file: where },
    exitCode: EXIT.usage,
  });
}

/** Another deploy held the env's lock longer than we would wait. `released` says how a dead holder's lock goes. */
export function envLocked(env: string, holder: LockHolder, waitedMs: number, where: string, released: string): UserError {
  return new UserError(
    'env-locked',
    `env ${env} is being deployed by another process (pid ${holder.pid} on ${holder.host}, since ${holder.since}); gave up after ${Math.round(waitedMs / 1000)} s`,
    { hint: `wait for that deploy to finish and retry; ${released}`, location: { file: where }, exitCode: EXIT.failed },
  );
}
