import type Database from 'better-sqlite3';
import { EXIT, UserError } from '../core/errors.js';

/**
 * Version 1 of the run store (SPEC §7). Times are milliseconds since the epoch (as in the events);
 * JSON columns hold the text ca wrote. `events.data` is the whole event exactly as `--json` prints
 * it (`traceEventJson`), so a stored trace replays byte for byte; run_id, seq, at, type and span_id
 * are copied out of it into columns for querying.
 *
 * Unlike the deploy ledger this is a working record, not an audit trail: rows are updated (a run's
 * outcome) and may later be pruned.
 */
const SCHEMA_V1 = `
CREATE TABLE runs (
  id            TEXT    PRIMARY KEY,
  name          TEXT    NOT NULL,
  kind          TEXT    NOT NULL,
  status        TEXT    NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'cancelled', 'interrupted')),
  started_at    INTEGER NOT NULL,
  ended_at      INTEGER,
  duration_ms   INTEGER,
  input_tokens  INTEGER NOT NULL DEFAULT 0,
  output_tokens INTEGER NOT NULL DEFAULT 0,
  cost_usd      REAL    NOT NULL DEFAULT 0,
  input         TEXT    CHECK (input IS NULL OR json_valid(input)),
  output        TEXT    CHECK (output IS NULL OR json_valid(output)),
  error         TEXT    CHECK (error IS NULL OR json_valid(error)),
  session_id    TEXT,
  pid           INTEGER NOT NULL,
  host          TEXT    NOT NULL
) STRICT;

CREATE INDEX runs_started ON runs (started_at, id);
CREATE INDEX runs_name_started ON runs (name, started_at);
CREATE INDEX runs_session ON runs (session_id, started_at) WHERE session_id IS NOT NULL;
CREATE INDEX runs_running ON runs (status) WHERE status = 'running';

CREATE TABLE events (
  run_id  TEXT    NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  seq     INTEGER NOT NULL CHECK (seq >= 0),
  at      INTEGER NOT NULL,
  type    TEXT    NOT NULL,
  span_id TEXT,
  data    TEXT    NOT NULL CHECK (json_valid(data)),
  PRIMARY KEY (run_id, seq)
) STRICT;
`;

/** Version 2: sessions (SPEC §8). A session's state changes only with a succeeded turn. */
const SCHEMA_V2 = `
CREATE TABLE sessions (
  id         TEXT    PRIMARY KEY,
  name       TEXT    NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  turns      INTEGER NOT NULL DEFAULT 0,
  state      TEXT    NOT NULL CHECK (json_valid(state)),
  closed     INTEGER NOT NULL DEFAULT 0 CHECK (closed IN (0, 1))
) STRICT;

CREATE INDEX sessions_name_updated ON sessions (name, updated_at);

CREATE TABLE session_turns (
  session_id TEXT    NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
  turn       INTEGER NOT NULL CHECK (turn >= 1),
  run_id     TEXT    NOT NULL,
  status     TEXT    NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'cancelled', 'interrupted')),
  message    TEXT    NOT NULL,
  reply      TEXT,
  error      TEXT,
  started_at INTEGER NOT NULL,
  ended_at   INTEGER,
  pid        INTEGER NOT NULL,
  host       TEXT    NOT NULL,
  PRIMARY KEY (session_id, turn)
) STRICT;

CREATE TABLE session_events (
  session_id TEXT    NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
  seq        INTEGER NOT NULL CHECK (seq >= 1),
  at         INTEGER NOT NULL,
  type       TEXT    NOT NULL,
  turn       INTEGER,
  run_id     TEXT,
  data       TEXT    CHECK (data IS NULL OR json_valid(data)),
  PRIMARY KEY (session_id, seq)
) STRICT;
`;

/**
 * Version 3: a heartbeat. The process running a run writes the time into `heartbeat_at` about every
 * second, so a run whose process died while waiting (on a slow tool, an approval) shows how long it
 * really lived, not only the time of its last event. NULL in rows written before.
 */
const SCHEMA_V3 = `
ALTER TABLE runs ADD COLUMN heartbeat_at INTEGER;
`;

/**
 * Version 4: the journal (SPEC §9). One row per step of a run, written when the step starts and
 * updated when it ends: its deterministic key, input hash, exact output or error, attempts.
 */
const SCHEMA_V4 = `
CREATE TABLE steps (
  run_id TEXT NOT NULL REFERENCES runs (id),
  key TEXT NOT NULL,
  seq INTEGER NOT NULL,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  input_hash TEXT NOT NULL,
  input TEXT,
  effect TEXT,
  idempotent INTEGER,
  idempotency_key TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('started', 'succeeded', 'failed', 'cancelled')),
  attempts INTEGER NOT NULL,
  started_at INTEGER NOT NULL,
  ended_at INTEGER,
  output TEXT,
  error TEXT,
  PRIMARY KEY (run_id, key)
) WITHOUT ROWID;
CREATE INDEX steps_order ON steps (run_id, seq);
`;

/**
 * Version 5: durable runs (SPEC §9). A run may be `waiting` (parked at an approval), a fork
 * records the run and step it started from, and `fingerprints` holds the content fingerprint of
 * every node the run could reach when it started (a resume after a code change says which differ). SQLite cannot change a CHECK constraint in place, so
 * `runs` is rebuilt the way SQLite documents (new table, copy, drop, rename, indexes), with foreign
 * keys off for the copy (migrateRunStore): every row and every event is kept.
 */
const SCHEMA_V5 = `
CREATE TABLE runs_v5 (
  id            TEXT    PRIMARY KEY,
  name          TEXT    NOT NULL,
  kind          TEXT    NOT NULL,
  status        TEXT    NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'cancelled', 'interrupted', 'waiting')),
  started_at    INTEGER NOT NULL,
  ended_at      INTEGER,
  duration_ms   INTEGER,
  input_tokens  INTEGER NOT NULL DEFAULT 0,
  output_tokens INTEGER NOT NULL DEFAULT 0,
  cost_usd      REAL    NOT NULL DEFAULT 0,
  input         TEXT    CHECK (input IS NULL OR json_valid(input)),
  output        TEXT    CHECK (output IS NULL OR json_valid(output)),
  error         TEXT    CHECK (error IS NULL OR json_valid(error)),
  session_id    TEXT,
  pid           INTEGER NOT NULL,
  host          TEXT    NOT NULL,
  heartbeat_at  INTEGER,
  forked_from   TEXT,
  fork_step     TEXT,
  fingerprints  TEXT    CHECK (fingerprints IS NULL OR json_valid(fingerprints))
) STRICT;

INSERT INTO runs_v5 (id, name, kind, status, started_at, ended_at, duration_ms, input_tokens, output_tokens, cost_usd, input, output, error, session_id, pid, host, heartbeat_at)
  SELECT id, name, kind, status, started_at, ended_at, duration_ms, input_tokens, output_tokens, cost_usd, input, output, error, session_id, pid, host, heartbeat_at FROM runs;
DROP TABLE runs;
ALTER TABLE runs_v5 RENAME TO runs;

CREATE INDEX runs_started ON runs (started_at, id);
CREATE INDEX runs_name_started ON runs (name, started_at);
CREATE INDEX runs_session ON runs (session_id, started_at) WHERE session_id IS NOT NULL;
CREATE INDEX runs_running ON runs (status) WHERE status = 'running';
`;

/**
 * Version 6: releases (SPEC §14). A run copied from a team store (`ca runs pull`) keeps the queue,
 * the worker env and the release it ran on, so `ca replay --runs env:E` finds it on a laptop.
 */
const SCHEMA_V6 = `
ALTER TABLE runs ADD COLUMN queue TEXT;
ALTER TABLE runs ADD COLUMN env TEXT;
ALTER TABLE runs ADD COLUMN release TEXT;
CREATE INDEX runs_env_started ON runs (env, started_at) WHERE env IS NOT NULL;
`;

export interface RunStoreMigration {
  /** The user_version the file has once this migration ran. */
  version: number;
  description: string;
  sql: string;
}

/**
 * Every schema change, oldest first. A change is a new entry (version 2 added the sessions tables), never an edit of an old one: files already at that version would never see it.
 */
export const RUN_STORE_MIGRATIONS: readonly RunStoreMigration[] = [
  { version: 1, description: 'runs and their events', sql: SCHEMA_V1 },
  { version: 2, description: 'sessions, their turns and events', sql: SCHEMA_V2 },
  { version: 3, description: 'a heartbeat for running runs', sql: SCHEMA_V3 },
  { version: 4, description: 'the journal: one row per step of a run', sql: SCHEMA_V4 },
  { version: 5, description: 'waiting runs and forks', sql: SCHEMA_V5 },
  { version: 6, description: 'the queue, worker env and release of a run', sql: SCHEMA_V6 },
];

/** The schema this ca writes; a newer file is refused, an older one migrated when opened for writing. */
export const RUN_STORE_SCHEMA_VERSION = RUN_STORE_MIGRATIONS.at(-1)!.version;

/**
 * The oldest version whose `runs` and `events` tables read as this ca reads them. A read-only open
 * (`ca runs`, `ca trace`) accepts any version from here up, so a migration that only adds tables
 * does not make older files unreadable until something writes them. Raise it when a migration
 * changes `runs` or `events` in a way readers depend on (version 3's `heartbeat_at` is read as
 * NULL where it is missing).
 */
export const RUN_STORE_READABLE_FROM = 1;

export function readRunStoreVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Refuses a store written by a newer ca: reading it could misread, writing it could corrupt it. */
export function assertRunStoreNotTooNew(version: number, file: string): void {
  if (version <= RUN_STORE_SCHEMA_VERSION) return;
  throw new UserError('runs-too-new', `the run store ${file} has schema version ${version}, newer than the version ${RUN_STORE_SCHEMA_VERSION} this ca understands`, {
    hint: 'upgrade ca (npm install composable-agents@latest) to read and write it',
    location: { file },
    exitCode: EXIT.usage,
  });
}

/**
 * Brings the file up to RUN_STORE_SCHEMA_VERSION in one IMMEDIATE transaction, reading the version
 * again inside it: processes opening a new store at once migrate it exactly once.
 */
export function migrateRunStore(db: Database.Database, file: string): number {
  // A table rebuild (version 5) drops `runs`: with foreign keys on, that would delete every event
  // with it (ON DELETE CASCADE). The pragma cannot change inside a transaction, so it is off around it.
  const foreignKeys = db.pragma('foreign_keys', { simple: true }) as number;
  if (foreignKeys) db.pragma('foreign_keys = OFF');
  try {
    return db
      .transaction(() => {
        const current = readRunStoreVersion(db);
        assertRunStoreNotTooNew(current, file);
        for (const migration of RUN_STORE_MIGRATIONS) {
          if (migration.version <= current) continue;
          db.exec(migration.sql);
          db.pragma(`user_version = ${migration.version}`);
        }
        const broken = db.pragma('foreign_key_check') as unknown[];
        if (broken.length > 0) throw new Error(`the run store ${file} has ${broken.length} rows whose run is missing after migrating`);
        return readRunStoreVersion(db);
      })
      .immediate();
  } finally {
    if (foreignKeys) db.pragma('foreign_keys = ON');
  }
}
