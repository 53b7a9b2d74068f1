import type pg from 'pg';

/** One step of a store's schema in PostgreSQL. */
export interface PgMigration {
  version: number;
  description: string;
  sql: string;
}

/** A store's own schema: its name, the tag in its `meta` table, its lock key and its migrations. */
export interface PgSchemaPlan {
  schema: string;
  /** `meta.store`: tells ca's schema from someone else's of the same name. */
  store: string;
  lock: number;
  migrations: readonly PgMigration[];
  /** The version in the database (undefined: no schema yet); throws for a schema that is not ca's. */
  readVersion(client: pg.PoolClient): Promise<number | undefined>;
  /** Throws for a schema written by a newer ca. */
  assertNotTooNew(version: number): void;
}

/**
 * Creates or upgrades a store's schema in one transaction under a transaction-scoped advisory lock,
 * reading the version again once it holds it: processes opening a new database at the same moment
 * migrate it exactly once, and a failed migration leaves nothing behind. The ledger and the run
 * store each have one plan.
 */
export async function migratePgSchema(client: pg.PoolClient, plan: PgSchemaPlan): Promise<number> {
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1, 0)', [plan.lock]);
    let current = await plan.readVersion(client);
    if (current !== undefined) plan.assertNotTooNew(current);
    if (current === undefined) {
      await client.query(`CREATE SCHEMA ${plan.schema}`);
      await client.query(`CREATE TABLE ${plan.schema}.meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)`);
      await client.query(`INSERT INTO ${plan.schema}.meta (key, value) VALUES ('store', $1), ('schema_version', '0')`, [plan.store]);
      current = 0;
    }
    for (const migration of plan.migrations) {
      if (migration.version <= current) continue;
      await client.query(migration.sql);
      await client.query(`UPDATE ${plan.schema}.meta SET value = $1 WHERE key = 'schema_version'`, [String(migration.version)]);
      current = migration.version;
    }
    await client.query('COMMIT');
    return current;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
