import { createHash } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import pg from 'pg';
import type { DeploymentOutcome, DeploymentRecord, NewDeployment } from '../../core/deployment.js';
import { EXIT, UserError } from '../../core/errors.js';
import { NO_SECRETS, type SecretScrubber } from '../../core/secret-scrubber.js';
import { copiedRow, type DeploymentRow, type HashedColumns, outcomeFields, pendingFields, rowHash, type RowFields, toRecord } from '../deployment-row.js';
import { type ChainBreak, envLocked, LEDGER_SCHEMA_VERSION, type Ledger, ledgerMissing, type LockHolder } from '../ledger.js';
import { assertNotTooNew } from '../migrations.js';
import { maskUrl } from '../../core/store-location.js';
import { HOST } from '../process-liveness.js';
import { DEFAULT_LOCK_TIMEOUT_MS } from '../sqlite-ledger.js';
import { findChainBreaks } from '../verify-chain.js';
import { PG_LEDGER, toPgError } from './pg-errors.js';
import { GUARD_TRIGGERS, PG_MIGRATIONS, PG_SCHEMA } from './pg-schema.js';
import { migratePgSchema } from './pg-migrate.js';
import { checkout, inTransaction } from './pg-transaction.js';

const LOCK_POLL_MS = 100;
/** Advisory-lock namespaces (the first of the two int4 keys): 'caL' + 1 for deploy locks, + 2 for appends. */
const DEPLOY_LOCK = 0x63614c01;
const CHAIN_LOCK = 0x63614c02;
const MIGRATE_LOCK = 0x63614c03;
const APPLICATION = `ca:${process.pid}@${HOST}`;
const T = `${PG_SCHEMA}.deployments`;
/** Reads that see one consistent state of every table. */
const SNAPSHOT = 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY';

export interface OpenPgLedgerOptions {
  readonly?: boolean;
  scrubber?: SecretScrubber;
}

/**
 * Opens the ledger in the PostgreSQL database at `url`. Read-only: every transaction of the pool is
 * read-only (the server refuses a write), nothing is created, and a database without ca's schema
 * is `ledger-missing` (nothing deployed yet). Otherwise the schema is created or migrated, exactly
 * once however many processes open it at the same moment (a transaction-scoped advisory lock).
 */
export async function openPgLedger(url: string, options: OpenPgLedgerOptions = {}): Promise<Ledger> {
  const shown = maskUrl(url);
  const readonly = options.readonly ?? false;
  const pool = new pg.Pool({
    connectionString: url,
    max: 4,
    application_name: APPLICATION,
    connectionTimeoutMillis: 10_000,
    ...(readonly ? { options: '-c default_transaction_read_only=on' } : {}),
  });
  // An idle connection the server drops must not crash the process; the next query reports it.
  pool.on('error', () => undefined);
  try {
    const version = readonly ? await readVersion(pool, shown) : await migrate(pool, shown);
    if (version === undefined) throw ledgerMissing(shown);
    assertNotTooNew(version, shown);
    if (version < LEDGER_SCHEMA_VERSION) {
      throw new UserError('ledger-outdated', `the deploy ledger ${shown} has schema version ${version}; this ca reads version ${LEDGER_SCHEMA_VERSION}`, {
        hint: 'run a command that writes the ledger (ca deploy) once to upgrade it in place',
        location: { file: shown },
        exitCode: EXIT.usage,
      });
    }
    return new PgLedger(pool, shown, version, readonly, options.scrubber ?? NO_SECRETS);
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw toPgError(error, shown, PG_LEDGER);
  }
}

/** ca's schema version in the database; undefined when it has no ledger; not-ca when the schema is someone else's. */
async function readVersion(db: pg.Pool | pg.PoolClient, shown: string): Promise<number | undefined> {
  const { rows } = await db.query<{ schema: string | null; meta: string | null }>(
    `SELECT to_regnamespace($1)::text AS schema, to_regclass($2)::text AS meta`,
    [PG_SCHEMA, `${PG_SCHEMA}.meta`],
  );
  if (!rows[0]?.schema) return undefined;
  if (!rows[0].meta) throw notCa(shown);
  const meta = await db.query<{ key: string; value: string }>(`SELECT key, value FROM ${PG_SCHEMA}.meta`);
  const values = new Map(meta.rows.map((row) => [row.key, row.value]));
  if (values.get('store') !== 'ca-ledger') throw notCa(shown);
  const version = Number(values.get('schema_version'));
  return Number.isInteger(version) ? version : 0;
}

/** Creates or upgrades the schema, exactly once however many processes open a new database at once (pg-migrate.ts). */
async function migrate(pool: pg.Pool, shown: string): Promise<number> {
  const client = await pool.connect();
  try {
    return await migratePgSchema(client, {
      schema: PG_SCHEMA,
      store: 'ca-ledger',
      lock: MIGRATE_LOCK,
      migrations: PG_MIGRATIONS,
      readVersion: (db) => readVersion(db, shown),
      assertNotTooNew: (version) => assertNotTooNew(version, shown),
    });
  } finally {
    client.release();
  }
}

/** The Ledger on a PostgreSQL pool: the same rules as SqliteLedger, with advisory locks for the env locks. */
export class PgLedger implements Ledger {
  constructor(
    private readonly pool: pg.Pool,
    readonly path: string,
    readonly schemaVersion: number,
    private readonly readonly: boolean,
    private readonly scrubber: SecretScrubber,
  ) {}

  async close(): Promise<void> {
    await this.pool.end().catch(() => undefined);
  }

  /**
   * A session-level advisory lock on a connection held for the whole deploy: deploys to one env
   * serialise across machines, and a deploy that dies (killed, network gone) loses its session and
   * with it the lock, so there is never a stale lock to take over.
   */
  async withEnvLock<T>(env: string, work: () => Promise<T>, options: { timeoutMs?: number; onWait?: (holder: LockHolder) => void } = {}): Promise<T> {
    this.assertWritable('withEnvLock');
    const timeoutMs = options.timeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS;
    const { client, lost } = await checkout(this.pool, this.toError);
    let broken: Error | undefined;
    try {
      const started = Date.now();
      let told = false;
      for (;;) {
        const { rows } = await this.guard(() => client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS locked', [DEPLOY_LOCK, envKey(env)]));
        if (rows[0]?.locked) break;
        const holder = (await this.lockHolder(env)) ?? { pid: 0, host: 'unknown', since: new Date().toISOString() };
        if (!told) {
          told = true;
          options.onWait?.(holder);
        }
        if (Date.now() - started >= timeoutMs) throw envLocked(env, holder, Date.now() - started, this.path, 'the lock goes with its database session, so a deploy that died never holds it');
        await delay(LOCK_POLL_MS + Math.floor(Math.random() * LOCK_POLL_MS));
      }
      try {
        return await work();
      } finally {
        await client.query('SELECT pg_advisory_unlock($1, $2)', [DEPLOY_LOCK, envKey(env)]).catch((error: Error) => {
          // The session is gone: so is its lock.
          broken = error;
        });
      }
    } finally {
      client.release(broken ?? lost());
    }
  }

  async deployInProgress(env: string): Promise<boolean> {
    return (await this.lockHolder(env)) !== undefined;
  }

  async lockHolder(env: string): Promise<LockHolder | undefined> {
    const { rows } = await this.guard(() =>
      this.pool.query<{ application_name: string; client_addr: string | null; pid: number; backend_start: Date }>(
        `SELECT a.application_name, a.client_addr::text AS client_addr, a.pid, a.backend_start
           FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
          WHERE l.locktype = 'advisory' AND l.granted AND l.classid = $1::bigint::oid AND l.objid = $2::bigint::oid AND l.objsubid = 2`,
        [DEPLOY_LOCK, envKey(env)],
      ),
    );
    const row = rows[0];
    if (!row) return undefined;
    const ours = /^ca:(\d+)@(.+)$/.exec(row.application_name);
    const since = row.backend_start.toISOString();
    return ours ? { pid: Number(ours[1]), host: ours[2]!, since } : { pid: row.pid, host: row.client_addr ?? 'the database server', since };
  }

  async storeArtifact(hash: string, json: string): Promise<void> {
    this.assertWritable('storeArtifact');
    await this.guard(() => this.pool.query(`INSERT INTO ${PG_SCHEMA}.artifacts (hash, json) VALUES ($1, $2) ON CONFLICT (hash) DO NOTHING`, [hash, json]));
  }

  async artifact(hash: string): Promise<string | undefined> {
    const { rows } = await this.guard(() => this.pool.query<{ json: string }>(`SELECT json FROM ${PG_SCHEMA}.artifacts WHERE hash = $1`, [hash]));
    return rows[0]?.json;
  }

  async recordPending(entry: NewDeployment): Promise<DeploymentRecord> {
    this.assertWritable('recordPending');
    return this.appendInChain(entry.env, async (client) => {
      const { rows } = await client.query<{ version: number | null }>(`SELECT MAX(version) AS version FROM ${T} WHERE env = $1 AND node = $2`, [entry.env, entry.node]);
      return pendingFields(entry, (rows[0]?.version ?? 0) + 1);
    });
  }

  async recordOutcome(pending: DeploymentRecord, outcome: Exclude<DeploymentOutcome, 'pending'>, message?: string): Promise<DeploymentRecord> {
    this.assertWritable('recordOutcome');
    if (outcome !== 'succeeded' && outcome !== 'failed') throw new Error(`recordOutcome: outcome must be succeeded or failed, not ${String(outcome)}`);
    return this.appendInChain(pending.env, async (client) => {
      const row = (await client.query<DeploymentRow>(`SELECT * FROM ${T} WHERE id = $1`, [pending.id])).rows.map(normalise)[0];
      const fields = outcomeFields(row, pending, outcome, message === undefined ? null : this.scrubber.text(message));
      const done = await client.query(`SELECT 1 FROM ${T} WHERE env = $1 AND node = $2 AND version = $3 AND outcome <> 'pending' LIMIT 1`, [fields.env, fields.node, fields.version]);
      if (done.rows.length > 0) throw new Error(`recordOutcome: ${fields.node} v${fields.version} in ${fields.env} already has an outcome`);
      return fields;
    });
  }

  async artifactHashes(): Promise<string[]> {
    const { rows } = await this.guard(() => this.pool.query<{ hash: string }>(`SELECT hash FROM ${PG_SCHEMA}.artifacts ORDER BY hash COLLATE "C"`));
    return rows.map((row) => row.hash);
  }

  async appendCopies(rows: readonly DeploymentRecord[]): Promise<void> {
    this.assertWritable('appendCopies');
    const copies = rows.map(copiedRow);
    await inTransaction(this.pool, this.toError, async (client) => {
      const heads = new Map<string, string>();
      for (const row of copies) {
        if (!heads.has(row.env)) {
          await client.query('SELECT pg_advisory_xact_lock($1, $2)', [CHAIN_LOCK, envKey(row.env)]);
          const last = await client.query<{ row_hash: string }>(`SELECT row_hash FROM ${T} WHERE env = $1 ORDER BY id DESC LIMIT 1`, [row.env]);
          heads.set(row.env, last.rows[0]?.row_hash ?? '');
        }
        if (row.prev_hash !== heads.get(row.env)) throw new Error(`a copied row of ${row.env} does not follow the newest row there: the histories differ`);
        await this.insertRow(client, row);
        heads.set(row.env, row.row_hash);
      }
    });
  }

  async history(env: string, node?: string): Promise<DeploymentRecord[]> {
    const rows = await this.rows(node === undefined ? `SELECT * FROM ${T} WHERE env = $1 ORDER BY id` : `SELECT * FROM ${T} WHERE env = $1 AND node = $2 ORDER BY id`, node === undefined ? [env] : [env, node]);
    return rows.map(toRecord);
  }

  async latest(env: string): Promise<DeploymentRecord[]> {
    return (await this.rows(lastPerNode(''), [env])).map(toRecord);
  }

  async latestSucceeded(env: string): Promise<DeploymentRecord[]> {
    return (await this.rows(lastPerNode("AND outcome = 'succeeded'"), [env])).map(toRecord);
  }

  async version(env: string, node: string, version: number): Promise<DeploymentRecord | undefined> {
    const rows = await this.rows(`SELECT * FROM ${T} WHERE env = $1 AND node = $2 AND version = $3 AND outcome = 'succeeded' ORDER BY id DESC LIMIT 1`, [env, node, version]);
    return rows[0] && toRecord(rows[0]);
  }

  async envs(): Promise<string[]> {
    const { rows } = await this.guard(() => this.pool.query<{ env: string }>(`SELECT DISTINCT env FROM ${T} ORDER BY env`));
    return rows.map((row) => row.env);
  }

  async verify(): Promise<ChainBreak[]> {
    // One snapshot: a deploy appending meanwhile cannot make a consistent ledger look broken.
    return inTransaction(this.pool, this.toError, async (client) => findChainBreaks((await client.query<DeploymentRow>(`SELECT * FROM ${T} ORDER BY env, id`)).rows.map(normalise)), SNAPSHOT);
  }

  async assertAppendable(env: string): Promise<void> {
    const [last, before] = await this.rows(`SELECT * FROM ${T} WHERE env = $1 ORDER BY id DESC LIMIT 2`, [env]);
    let problem: string | undefined;
    if (last && rowHash(last) !== last.row_hash) problem = `the newest row of ${env} (id ${last.id}) does not match its hash: it was edited`;
    else if (last && last.prev_hash !== (before?.row_hash ?? '')) problem = `the newest row of ${env} (id ${last.id}) does not follow the row before it: rows were deleted or inserted`;
    if (problem === undefined) return;
    throw new UserError('ledger-damaged', `the deploy ledger ${this.path} is damaged: ${problem}; nothing was published or written`, {
      hint: 'see the whole chain with ca ledger verify, and restore the rows from a backup of the database',
      location: { file: this.path },
      exitCode: EXIT.usage,
    });
  }

  /** The append-only triggers that are missing or disabled: the database no longer enforces the history. */
  async integrityProblems(): Promise<string[]> {
    const { rows } = await this.guard(() =>
      this.pool.query<{ table: string; name: string; enabled: string }>(
        `SELECT c.relname AS table, t.tgname AS name, t.tgenabled AS enabled
           FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = $1 AND NOT t.tgisinternal`,
        [PG_SCHEMA],
      ),
    );
    const problems: string[] = [];
    for (const guard of GUARD_TRIGGERS) {
      const found = rows.find((row) => row.table === guard.table && row.name === guard.name);
      if (!found) problems.push(`the trigger ${guard.name} on ${guard.table} is missing: the database no longer refuses changes to the history`);
      else if (found.enabled === 'D') problems.push(`the trigger ${guard.name} on ${guard.table} is disabled: the database no longer refuses changes to the history`);
    }
    return problems;
  }

  /** One row appended to an env's chain in one transaction; appends to an env serialise on a transaction lock. */
  private async appendInChain(env: string, columnsOf: (client: pg.PoolClient) => Promise<RowFields>): Promise<DeploymentRecord> {
    return inTransaction(this.pool, this.toError, async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1, $2)', [CHAIN_LOCK, envKey(env)]);
      const fields = await columnsOf(client);
      const last = await client.query<{ row_hash: string }>(`SELECT row_hash FROM ${T} WHERE env = $1 ORDER BY id DESC LIMIT 1`, [env]);
      const columns: HashedColumns = { ...fields, time: new Date().toISOString(), pid: process.pid, host: HOST, prev_hash: last.rows[0]?.row_hash ?? '' };
      const row = { ...columns, row_hash: rowHash(columns) };
      return toRecord({ id: await this.insertRow(client, row), ...row });
    });
  }

  private async insertRow(client: pg.PoolClient, row: HashedColumns & { row_hash: string }): Promise<number> {
    const inserted = await client.query<{ id: string }>(
      `INSERT INTO ${T} (env, node, kind, version, artifact_hash, content_hash, fingerprints, upstream, git_commit, git_dirty, actor, time, target, outcome, message, pid, host, prev_hash, row_hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19) RETURNING id`,
      [row.env, row.node, row.kind, row.version, row.artifact_hash, row.content_hash, row.fingerprints, row.upstream, row.git_commit, row.git_dirty, row.actor, row.time, row.target, row.outcome, row.message, row.pid, row.host, row.prev_hash, row.row_hash],
    );
    return Number(inserted.rows[0]!.id);
  }

  private async rows(sql: string, values: unknown[]): Promise<DeploymentRow[]> {
    const { rows } = await this.guard(() => this.pool.query<DeploymentRow>(sql, values));
    return rows.map(normalise);
  }

  private readonly toError = (error: unknown): unknown => toPgError(error, this.path, PG_LEDGER);

  private async guard<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw toPgError(error, this.path, PG_LEDGER);
    }
  }

  private assertWritable(method: string): void {
    if (this.readonly) throw new Error(`${method}: the ledger ${this.path} was opened read-only`);
  }
}

const lastPerNode = (extra: string) =>
  `SELECT d.* FROM ${T} d JOIN (SELECT MAX(id) AS id FROM ${T} WHERE env = $1 ${extra} GROUP BY node) last ON d.id = last.id ORDER BY d.node`;

/** pg returns BIGINT as text: ids are numbers in every backend. */
function normalise(row: DeploymentRow): DeploymentRow {
  return { ...row, id: Number(row.id), git_dirty: Number(row.git_dirty), pid: Number(row.pid), version: Number(row.version) };
}

/** The second advisory-lock key of an env: 31 bits of its sha256, the same on every machine. */
function envKey(env: string): number {
  return createHash('sha256').update(env).digest().readUInt32BE(0) & 0x7fffffff;
}

function notCa(shown: string): UserError {
  return new UserError('ledger-not-ca', `the database at ${shown} has a schema ${PG_SCHEMA} that is not a ca deploy ledger`, {
    hint: 'point CA_LEDGER_URL (or ledger: in ca.yaml) at another database; ca will not add its tables to this one',
    location: { file: shown },
    exitCode: EXIT.usage,
  });
}
