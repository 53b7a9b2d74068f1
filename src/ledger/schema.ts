/**
 * Version 1 of the ledger schema (SPEC §6). Rows of `deployments` are only ever appended: the
 * triggers make that a property of the file, not just of this code, so a stray UPDATE from a
 * script or the sqlite3 shell fails instead of silently rewriting history. (Someone who drops the
 * triggers first is caught by the hash chain instead: see row-hash.ts.)
 *
 * JSON columns hold the text ca wrote; the row hash covers that exact text.
 */
export const SCHEMA_V1 = `
CREATE TABLE deployments (
  id            INTEGER PRIMARY KEY,
  env           TEXT    NOT NULL,
  node          TEXT    NOT NULL,
  kind          TEXT    NOT NULL,
  version       INTEGER NOT NULL CHECK (version >= 1),
  artifact_hash TEXT    NOT NULL,
  content_hash  TEXT    NOT NULL,
  fingerprints  TEXT    NOT NULL CHECK (json_valid(fingerprints)),
  upstream      TEXT    NOT NULL CHECK (json_valid(upstream)),
  git_commit    TEXT,
  git_dirty     INTEGER NOT NULL CHECK (git_dirty IN (0, 1)),
  actor         TEXT    NOT NULL,
  time          TEXT    NOT NULL,
  target        TEXT    NOT NULL,
  outcome       TEXT    NOT NULL CHECK (outcome IN ('pending', 'succeeded', 'failed')),
  message       TEXT,
  pid           INTEGER NOT NULL,
  host          TEXT    NOT NULL,
  prev_hash     TEXT    NOT NULL,
  row_hash      TEXT    NOT NULL
) STRICT;

CREATE INDEX deployments_env_node_version ON deployments (env, node, version);
CREATE INDEX deployments_env_id ON deployments (env, id);

CREATE TRIGGER deployments_append_only_update BEFORE UPDATE ON deployments
BEGIN
  SELECT RAISE(ABORT, 'deployments are append-only: rows cannot be updated');
END;

CREATE TRIGGER deployments_append_only_delete BEFORE DELETE ON deployments
BEGIN
  SELECT RAISE(ABORT, 'deployments are append-only: rows cannot be deleted');
END;

CREATE TABLE artifacts (
  hash TEXT PRIMARY KEY,
  json TEXT NOT NULL
) STRICT, WITHOUT ROWID;

-- Content-addressed: the text behind a hash never changes (deleting one, a future gc, stays possible).
CREATE TRIGGER artifacts_immutable BEFORE UPDATE ON artifacts
BEGIN
  SELECT RAISE(ABORT, 'artifacts are content-addressed: rows cannot be updated');
END;

CREATE TABLE env_locks (
  env         TEXT    PRIMARY KEY,
  pid         INTEGER NOT NULL,
  host        TEXT    NOT NULL,
  acquired_at TEXT    NOT NULL
) STRICT;
`;
