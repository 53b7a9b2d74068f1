import type { PgMigration } from './pg-migrate.js';
/**
 * The deploy ledger on PostgreSQL: the same tables and columns as the SQLite file (schema.ts), in a
 * schema of their own (`ca_ledger`), so one database can hold the ledger, the run store and the
 * team's other tables. Text columns hold exactly what ca wrote (JSON as text, the time as ISO
 * text), so a row hashes the same in both backends and `ca ledger copy` keeps every chain valid.
 *
 * Append-only is the database's rule, not only ca's: triggers refuse UPDATE, DELETE and TRUNCATE
 * of deployments and UPDATE of artifacts for every role. A superuser who disables them first is
 * caught by the hash chain (`ca ledger verify`), and `integrityProblems` reports the disabled
 * trigger itself.
 */
export const PG_SCHEMA = 'ca_ledger';

/** The version this ca writes, kept in ca_ledger.meta; the same number as the SQLite schema's. */
export const PG_MIGRATIONS: readonly PgMigration[] = [
  {
    version: 1,
    description: 'deployments, artifacts, append-only triggers',
    sql: `
CREATE TABLE ${PG_SCHEMA}.deployments (
  id            BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  env           TEXT    NOT NULL,
  node          TEXT    NOT NULL,
  kind          TEXT    NOT NULL,
  version       INTEGER NOT NULL CHECK (version >= 1),
  artifact_hash TEXT    NOT NULL,
  content_hash  TEXT    NOT NULL,
  fingerprints  TEXT    NOT NULL CHECK (fingerprints::jsonb IS NOT NULL),
  upstream      TEXT    NOT NULL CHECK (upstream::jsonb IS NOT NULL),
  git_commit    TEXT,
  git_dirty     SMALLINT NOT NULL CHECK (git_dirty IN (0, 1)),
  actor         TEXT    NOT NULL,
  time          TEXT    NOT NULL,
  target        TEXT    NOT NULL,
  outcome       TEXT    NOT NULL CHECK (outcome IN ('pending', 'succeeded', 'failed')),
  message       TEXT,
  pid           INTEGER NOT NULL,
  host          TEXT    NOT NULL,
  prev_hash     TEXT    NOT NULL,
  row_hash      TEXT    NOT NULL
);
CREATE INDEX deployments_env_node_version ON ${PG_SCHEMA}.deployments (env, node, version);
CREATE INDEX deployments_env_id ON ${PG_SCHEMA}.deployments (env, id);

CREATE FUNCTION ${PG_SCHEMA}.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% are %: rows cannot be changed (%)', TG_TABLE_NAME,
    CASE TG_TABLE_NAME WHEN 'artifacts' THEN 'content-addressed' ELSE 'append-only' END, TG_OP
    USING ERRCODE = 'integrity_constraint_violation';
END $$;

CREATE TRIGGER deployments_append_only BEFORE UPDATE OR DELETE ON ${PG_SCHEMA}.deployments
  FOR EACH ROW EXECUTE FUNCTION ${PG_SCHEMA}.refuse_change();
CREATE TRIGGER deployments_no_truncate BEFORE TRUNCATE ON ${PG_SCHEMA}.deployments
  FOR EACH STATEMENT EXECUTE FUNCTION ${PG_SCHEMA}.refuse_change();

CREATE TABLE ${PG_SCHEMA}.artifacts (
  hash TEXT PRIMARY KEY,
  json TEXT NOT NULL
);
CREATE TRIGGER artifacts_immutable BEFORE UPDATE ON ${PG_SCHEMA}.artifacts
  FOR EACH ROW EXECUTE FUNCTION ${PG_SCHEMA}.refuse_change();
`,
  },
];

/** The triggers that make the history append-only: each must exist and be enabled. */
export const GUARD_TRIGGERS: readonly { table: string; name: string }[] = [
  { table: 'deployments', name: 'deployments_append_only' },
  { table: 'deployments', name: 'deployments_no_truncate' },
  { table: 'artifacts', name: 'artifacts_immutable' },
];
