import { NO_SECRETS, type SecretScrubber } from '../core/secret-scrubber.js';
import { setTimeout as delay } from 'node:timers/promises';
import type Database from 'better-sqlite3';
import type { DeploymentOutcome, DeploymentRecord, NewDeployment } from '../core/deployment.js';
import { EXIT, UserError } from '../core/errors.js';
import type { DeploymentRow, HashedColumns } from './deployment-row.js';
import { copiedRow, outcomeFields, pendingFields, rowHash, type RowFields, toRecord } from './deployment-row.js';
import { type ChainBreak, envLocked, type Ledger, type LockHolder } from './ledger.js';
import { HOST, holderIsAlive } from './process-liveness.js';
import { toLedgerError } from './sqlite-errors.js';
import { findChainBreaks } from './verify-chain.js';
import { integrityProblems } from './sqlite-integrity.js';
import { guarded, writeImmediate } from './sqlite-write.js';

/** How long a deploy waits for another one to the same env before giving up. */
export const DEFAULT_LOCK_TIMEOUT_MS = 10 * 60 * 1000;
const LOCK_POLL_MS = 50;

type Statement<Row = unknown> = Database.Statement<unknown[], Row>;

/** The Ledger over one open better-sqlite3 connection (see open-ledger.ts for opening and migrating). */
export class SqliteLedger implements Ledger {
  readonly path: string;
  readonly schemaVersion: number;
  private readonly db: Database.Database;
  private readonly readonly: boolean;
  private readonly sql: {
    insert: Statement;
    byId: Statement<DeploymentRow>;
    lastOfEnv: Statement<{ row_hash: string }>;
    maxVersion: Statement<{ version: number | null }>;
    outcomeOf: Statement<{ id: number }>;
    historyOfEnv: Statement<DeploymentRow>;
    historyOfNode: Statement<DeploymentRow>;
    latest: Statement<DeploymentRow>;
    latestSucceeded: Statement<DeploymentRow>;
    version: Statement<DeploymentRow>;
    envs: Statement<{ env: string }>;
    chain: Statement<DeploymentRow>;
    storeArtifact: Statement;
    artifact: Statement<{ json: string }>;
    lock: Statement<{ pid: number; host: string; acquired_at: string }>;
    takeLock: Statement;
    releaseLock: Statement;
  };

  constructor(
    db: Database.Database,
    file: string,
    schemaVersion: number,
    readonly: boolean,
    private readonly scrubber: SecretScrubber = NO_SECRETS,
  ) {
    this.db = db;
    this.path = file;
    this.schemaVersion = schemaVersion;
    this.readonly = readonly;
    const rowsOf = (where: string, order = 'id') => `SELECT * FROM deployments WHERE ${where} ORDER BY ${order}`;
    const lastPerNode = (extra: string) =>
      `SELECT d.* FROM deployments d JOIN (SELECT MAX(id) AS id FROM deployments WHERE env = ? ${extra} GROUP BY node) last ON d.id = last.id ORDER BY d.node`;
    this.sql = {
      insert: db.prepare(
        `INSERT INTO deployments (env, node, kind, version, artifact_hash, content_hash, fingerprints, upstream, git_commit, git_dirty, actor, time, target, outcome, message, pid, host, prev_hash, row_hash)
         VALUES (@env, @node, @kind, @version, @artifact_hash, @content_hash, @fingerprints, @upstream, @git_commit, @git_dirty, @actor, @time, @target, @outcome, @message, @pid, @host, @prev_hash, @row_hash)`,
      ),
      byId: db.prepare('SELECT * FROM deployments WHERE id = ?'),
      lastOfEnv: db.prepare('SELECT row_hash FROM deployments WHERE env = ? ORDER BY id DESC LIMIT 1'),
      maxVersion: db.prepare('SELECT MAX(version) AS version FROM deployments WHERE env = ? AND node = ?'),
      outcomeOf: db.prepare("SELECT id FROM deployments WHERE env = ? AND node = ? AND version = ? AND outcome <> 'pending' LIMIT 1"),
      historyOfEnv: db.prepare(rowsOf('env = ?')),
      historyOfNode: db.prepare(rowsOf('env = ? AND node = ?')),
      latest: db.prepare(lastPerNode('')),
      latestSucceeded: db.prepare(lastPerNode("AND outcome = 'succeeded'")),
      version: db.prepare(`${rowsOf("env = ? AND node = ? AND version = ? AND outcome = 'succeeded'", 'id DESC')} LIMIT 1`),
      envs: db.prepare('SELECT DISTINCT env FROM deployments ORDER BY env'),
      chain: db.prepare('SELECT * FROM deployments ORDER BY env, id'),
      storeArtifact: db.prepare('INSERT OR IGNORE INTO artifacts (hash, json) VALUES (?, ?)'),
      artifact: db.prepare('SELECT json FROM artifacts WHERE hash = ?'),
      lock: db.prepare('SELECT pid, host, acquired_at FROM env_locks WHERE env = ?'),
      takeLock: db.prepare('INSERT OR REPLACE INTO env_locks (env, pid, host, acquired_at) VALUES (?, ?, ?, ?)'),
      releaseLock: db.prepare('DELETE FROM env_locks WHERE env = ? AND pid = ? AND host = ?'),
    };
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  async withEnvLock<T>(env: string, work: () => Promise<T>, options: { timeoutMs?: number; onWait?: (holder: LockHolder) => void } = {}): Promise<T> {
    this.assertWritable('withEnvLock');
    const timeoutMs = options.timeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS;
    const started = Date.now();
    let told = false;
    for (;;) {
      const holder = this.tryLock(env);
      if (holder === undefined) break;
      if (!told) {
        told = true;
        options.onWait?.(holder);
      }
      if (Date.now() - started >= timeoutMs) throw envLocked(env, holder, Date.now() - started, this.path, 'a lock left by a process that has died is taken over automatically');
      // Jitter so waiters started together do not poll in lockstep.
      await delay(LOCK_POLL_MS + Math.floor(Math.random() * LOCK_POLL_MS));
    }
    let result: T;
    try {
      result = await work();
    } catch (error) {
      try {
        this.releaseLock(env);
      } catch {
        // The work's error is the one to report; a lock we failed to delete is taken over once we exit.
      }
      throw error;
    }
    this.releaseLock(env);
    return result;
  }

  async deployInProgress(): Promise<boolean | undefined> {
    return undefined;
  }

  async lockHolder(env: string): Promise<LockHolder | undefined> {
    const row = this.guard(() => this.sql.lock.get(env));
    return row && { pid: row.pid, host: row.host, since: row.acquired_at };
  }

  async storeArtifact(hash: string, json: string): Promise<void> {
    this.assertWritable('storeArtifact');
    this.write(() => this.sql.storeArtifact.run(hash, json));
  }

  async artifact(hash: string): Promise<string | undefined> {
    return this.guard(() => this.sql.artifact.get(hash)?.json);
  }

  async recordPending(entry: NewDeployment): Promise<DeploymentRecord> {
    this.assertWritable('recordPending');
    return this.write(() => {
      const version = (this.sql.maxVersion.get(entry.env, entry.node)?.version ?? 0) + 1;
      return this.append(pendingFields(entry, version));
    });
  }

  async recordOutcome(pending: DeploymentRecord, outcome: Exclude<DeploymentOutcome, 'pending'>, message?: string): Promise<DeploymentRecord> {
    this.assertWritable('recordOutcome');
    if (outcome !== 'succeeded' && outcome !== 'failed') throw new Error(`recordOutcome: outcome must be succeeded or failed, not ${String(outcome)}`);
    return this.write(() => {
      // Copy from the stored row, not the caller's object: the outcome row must describe what was recorded.
      const fields = outcomeFields(this.sql.byId.get(pending.id), pending, outcome, message === undefined ? null : this.scrubber.text(message));
      if (this.sql.outcomeOf.get(fields.env, fields.node, fields.version)) {
        throw new Error(`recordOutcome: ${fields.node} v${fields.version} in ${fields.env} already has an outcome`);
      }
      return this.append(fields);
    });
  }

  async artifactHashes(): Promise<string[]> {
    return this.guard(() => (this.db.prepare('SELECT hash FROM artifacts ORDER BY hash').pluck().all() as string[]));
  }

  async appendCopies(rows: readonly DeploymentRecord[]): Promise<void> {
    this.assertWritable('appendCopies');
    const copies = rows.map(copiedRow);
    this.write(() => {
      const heads = new Map<string, string>();
      for (const row of copies) {
        const head = heads.get(row.env) ?? this.sql.lastOfEnv.get(row.env)?.row_hash ?? '';
        if (row.prev_hash !== head) throw new Error(`a copied row of ${row.env} does not follow the newest row there: the histories differ`);
        this.sql.insert.run(row);
        heads.set(row.env, row.row_hash);
      }
    });
  }

  async history(env: string, node?: string): Promise<DeploymentRecord[]> {
    return this.guard(() => (node === undefined ? this.sql.historyOfEnv.all(env) : this.sql.historyOfNode.all(env, node)).map(toRecord));
  }

  async latest(env: string): Promise<DeploymentRecord[]> {
    return this.guard(() => this.sql.latest.all(env).map(toRecord));
  }

  async latestSucceeded(env: string): Promise<DeploymentRecord[]> {
    return this.guard(() => this.sql.latestSucceeded.all(env).map(toRecord));
  }

  async version(env: string, node: string, version: number): Promise<DeploymentRecord | undefined> {
    const row = this.guard(() => this.sql.version.get(env, node, version));
    return row && toRecord(row);
  }

  async envs(): Promise<string[]> {
    return this.guard(() => this.sql.envs.all().map((row) => row.env));
  }

  async integrityProblems(): Promise<string[]> {
    return this.guard(() => integrityProblems(this.db));
  }

  async assertAppendable(env: string): Promise<void> {
    const problem = this.guard(() =>
      this.db.transaction(() => {
        const [last, before] = this.db.prepare('SELECT * FROM deployments WHERE env = ? ORDER BY id DESC LIMIT 2').all(env) as DeploymentRow[];
        if (!last) return undefined;
        // The newest rows are what the next row chains from: cheap to check, and where an edit or a deletion would be hidden.
        if (rowHash(last) !== last.row_hash) return `the newest row of ${env} (id ${last.id}) does not match its hash: it was edited`;
        if (last.prev_hash !== (before?.row_hash ?? '')) return `the newest row of ${env} (id ${last.id}) does not follow the row before it: rows were deleted or inserted`;
        return undefined;
      })(),
    );
    if (problem === undefined) return;
    throw new UserError('ledger-damaged', `the deploy ledger ${this.path} is damaged: ${problem}; nothing was published or written`, {
      hint: 'see the whole chain with ca ledger verify, and restore the file from a copy',
      location: { file: this.path },
      exitCode: EXIT.usage,
    });
  }

  async verify(): Promise<ChainBreak[]> {
    // One read transaction: a deploy appending meanwhile cannot make a consistent file look broken.
    return this.guard(() => this.db.transaction(() => findChainBreaks(this.sql.chain.iterate()))());
  }

  /** Appends one row to its env's chain; call inside a write transaction. */
  private append(fields: RowFields): DeploymentRecord {
    const columns: HashedColumns = {
      ...fields,
      time: new Date().toISOString(),
      pid: process.pid,
      host: HOST,
      prev_hash: this.sql.lastOfEnv.get(fields.env)?.row_hash ?? '',
    };
    const row = { ...columns, row_hash: rowHash(columns) };
    const info = this.sql.insert.run(row);
    return toRecord({ id: Number(info.lastInsertRowid), ...row });
  }

  /** Free, or held by a dead process: take it (one IMMEDIATE transaction) and return nothing; else who holds it. */
  private tryLock(env: string): LockHolder | undefined {
    return this.write(() => {
      const row = this.sql.lock.get(env);
      if (row) {
        const holder = { pid: row.pid, host: row.host, since: row.acquired_at };
        if (holderIsAlive(holder)) return holder;
      }
      this.sql.takeLock.run(env, process.pid, HOST, new Date().toISOString());
      return undefined;
    });
  }

  private releaseLock(env: string): void {
    this.write(() => this.sql.releaseLock.run(env, process.pid, HOST));
  }

  private write<T>(fn: () => T): T {
    return writeImmediate(this.db, fn, (error) => toLedgerError(error, this.path));
  }

  private guard<T>(fn: () => T): T {
    return guarded(fn, (error) => toLedgerError(error, this.path));
  }

  private assertWritable(method: string): void {
    if (this.readonly) throw new Error(`${method}: the ledger ${this.path} was opened read-only`);
  }
}
