import type pg from 'pg';
import { migratePgSchema, type PgMigration } from './pg-migrate.js';
import { EXIT, UserError } from '../../core/errors.js';

/**
 * The run store on PostgreSQL (SPEC §7, §9, §10): runs, their events and their journal, in a schema
 * of their own (`ca_runs`), so one database can hold it beside the deploy ledger (`ca_ledger`).
 * Sessions stay in SQLite for now (pg-run-store.ts says why).
 *
 * The columns are the SQLite file's (run-store-schema.ts, version 5), with the same meaning: times
 * are milliseconds since the epoch as the writer's clock read them (BIGINT), JSON columns hold the
 * exact text ca wrote (TEXT, not JSONB: JSONB reorders keys, rewrites numbers and refuses `\u0000`,
 * and a journaled output must come back byte for byte). `CHECK (… ::json …)` is SQLite's
 * `json_valid`: the `json` type checks the syntax and keeps the text as it is.
 *
 * What PostgreSQL adds:
 * - `queued` runs (`ca run --queue`): `queue` names the queue and `queued_at` keeps when it was
 *   queued; `started_at` is the enqueue time until a worker starts the run, then the start time.
 * - `alive_at`: the database's clock (ms) at the run's last sign of life from the process running
 *   it (its start, a heartbeat, a resume). Liveness across machines compares it with the same clock,
 *   so a reader whose clock is off never takes a live run for dead (pg-run-store.ts, the lease).
 * - `id` sorts as bytes (`COLLATE "C"`), as in SQLite: run ids sort by start time, and "starts with"
 *   is an index range.
 */
export const PG_RUN_SCHEMA = 'ca_runs';

const S = PG_RUN_SCHEMA;

/** Every change of the PostgreSQL schema, oldest first; numbered on its own (the SQLite file's versions include sessions). */
export const PG_RUN_MIGRATIONS: readonly PgMigration[] = [
  {
    version: 1,
    description: 'runs (queued ones too), their events and their journal',
    sql: `
CREATE TABLE ${S}.runs (
  id            TEXT COLLATE "C" PRIMARY KEY,
  name          TEXT    NOT NULL,
  kind          TEXT    NOT NULL,
  status        TEXT    NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled', 'interrupted', 'waiting')),
  started_at    BIGINT  NOT NULL,
  ended_at      BIGINT,
  duration_ms   BIGINT,
  input_tokens  BIGINT  NOT NULL DEFAULT 0,
  output_tokens BIGINT  NOT NULL DEFAULT 0,
  cost_usd      DOUBLE PRECISION NOT NULL DEFAULT 0,
  input         TEXT    CHECK (input IS NULL OR input::json IS NOT NULL),
  output        TEXT    CHECK (output IS NULL OR output::json IS NOT NULL),
  error         TEXT    CHECK (error IS NULL OR error::json IS NOT NULL),
  session_id    TEXT,
  pid           INTEGER NOT NULL,
  host          TEXT    NOT NULL,
  heartbeat_at  BIGINT,
  alive_at      BIGINT  NOT NULL,
  forked_from   TEXT,
  fork_step     TEXT,
  fingerprints  TEXT    CHECK (fingerprints IS NULL OR fingerprints::json IS NOT NULL),
  queue         TEXT,
  queued_at     BIGINT,
  CHECK (status <> 'queued' OR queue IS NOT NULL)
);

CREATE INDEX runs_started ON ${S}.runs (started_at, id);
CREATE INDEX runs_name_started ON ${S}.runs (name, started_at);
CREATE INDEX runs_session ON ${S}.runs (session_id, started_at) WHERE session_id IS NOT NULL;
CREATE INDEX runs_running ON ${S}.runs (status) WHERE status = 'running';
-- A worker takes the oldest run of its queue.
CREATE INDEX runs_queued ON ${S}.runs (queue, queued_at, id) WHERE status = 'queued';

CREATE TABLE ${S}.events (
  run_id  TEXT COLLATE "C" NOT NULL REFERENCES ${S}.runs (id) ON DELETE CASCADE,
  seq     INTEGER NOT NULL CHECK (seq >= 0),
  at      BIGINT  NOT NULL,
  type    TEXT    NOT NULL,
  span_id TEXT,
  data    TEXT    NOT NULL CHECK (data::json IS NOT NULL),
  PRIMARY KEY (run_id, seq)
);

CREATE TABLE ${S}.steps (
  run_id          TEXT COLLATE "C" NOT NULL REFERENCES ${S}.runs (id) ON DELETE CASCADE,
  key             TEXT    NOT NULL,
  seq             INTEGER NOT NULL,
  name            TEXT    NOT NULL,
  kind            TEXT    NOT NULL,
  input_hash      TEXT    NOT NULL,
  input           TEXT    CHECK (input IS NULL OR input::json IS NOT NULL),
  effect          TEXT,
  idempotent      BOOLEAN,
  idempotency_key TEXT    NOT NULL,
  status          TEXT    NOT NULL CHECK (status IN ('started', 'succeeded', 'failed', 'cancelled')),
  attempts        INTEGER NOT NULL,
  started_at      BIGINT  NOT NULL,
  ended_at        BIGINT,
  output          TEXT    CHECK (output IS NULL OR output::json IS NOT NULL),
  error           TEXT    CHECK (error IS NULL OR error::json IS NOT NULL),
  PRIMARY KEY (run_id, key)
);
CREATE INDEX steps_order ON ${S}.steps (run_id, seq);
`,
  },
  {
    version: 2,
    description: 'the worker env and release a run is pinned to (SPEC §14)',
    sql: `
ALTER TABLE ${S}.runs ADD COLUMN env TEXT;
ALTER TABLE ${S}.runs ADD COLUMN release TEXT;
CREATE INDEX runs_env_started ON ${S}.runs (env, started_at) WHERE env IS NOT NULL;
`,
  },
];

/** The version this ca writes, kept in ca_runs.meta. */
export const PG_RUN_SCHEMA_VERSION = PG_RUN_MIGRATIONS.at(-1)!.version;

/** The oldest version whose tables read as this ca reads them (a read-only open never migrates). */
export const PG_RUN_READABLE_FROM = 1;

/** The advisory-lock key of migrations ('caR' + 3; the ledger's namespace is 'caL'). */
const MIGRATE_LOCK = 0x63615203;

/** ca's run-store schema version in the database; undefined when it has none; `runs-not-ca` when `ca_runs` is someone else's. */
export async function readPgRunsVersion(db: pg.Pool | pg.PoolClient, shown: string): Promise<number | undefined> {
  const { rows } = await db.query<{ schema: string | null; meta: string | null }>('SELECT to_regnamespace($1)::text AS schema, to_regclass($2)::text AS meta', [S, `${S}.meta`]);
  if (!rows[0]?.schema) return undefined;
  if (!rows[0].meta) throw runsNotCa(shown);
  const meta = await db.query<{ key: string; value: string }>(`SELECT key, value FROM ${S}.meta`);
  const values = new Map(meta.rows.map((row) => [row.key, row.value]));
  if (values.get('store') !== 'ca-runs') throw runsNotCa(shown);
  const version = Number(values.get('schema_version'));
  return Number.isInteger(version) ? version : 0;
}

/** Creates or upgrades `ca_runs`, exactly once however many processes open a new database at once (pg-migrate.ts). */
export function migratePgRuns(client: pg.PoolClient, shown: string): Promise<number> {
  return migratePgSchema(client, {
    schema: S,
    store: 'ca-runs',
    lock: MIGRATE_LOCK,
    migrations: PG_RUN_MIGRATIONS,
    readVersion: (db) => readPgRunsVersion(db, shown),
    assertNotTooNew: (version) => assertPgRunsNotTooNew(version, shown),
  });
}

/** Refuses a schema written by a newer ca: reading it could misread, writing it could corrupt it. */
export function assertPgRunsNotTooNew(version: number, shown: string): void {
  if (version <= PG_RUN_SCHEMA_VERSION) return;
  throw new UserError('runs-too-new', `the run store ${shown} has schema version ${version}, newer than the version ${PG_RUN_SCHEMA_VERSION} this ca understands`, {
    hint: 'upgrade ca (npm install composable-agents@latest) to read and write it',
    location: { file: shown },
    exitCode: EXIT.usage,
  });
}

/** A database without `ca_runs`, opened read-only: nothing has been run against it yet. */
export function pgRunsMissing(shown: string): UserError {
  return new UserError('runs-missing', `no run store at ${shown}: nothing has been run yet`, {
    hint: 'run a flow or agent with ca run NAME',
    location: { file: shown },
    exitCode: EXIT.usage,
  });
}

export function pgRunsOutdated(version: number, shown: string): UserError {
  return new UserError('runs-outdated', `the run store ${shown} has schema version ${version}; this ca reads versions ${PG_RUN_READABLE_FROM} to ${PG_RUN_SCHEMA_VERSION}`, {
    hint: 'run a flow once (ca run NAME) to upgrade it in place',
    location: { file: shown },
    exitCode: EXIT.usage,
  });
}

function runsNotCa(shown: string): UserError {
  return new UserError('runs-not-ca', `the database at ${shown} has a schema ${S} that is not a ca run store`, {
    hint: 'point CA_RUNS_URL (or runs: in ca.yaml) at another database; ca will not add its tables to this one',
    location: { file: shown },
    exitCode: EXIT.usage,
  });
}
