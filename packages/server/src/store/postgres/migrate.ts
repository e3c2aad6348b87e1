import type pg from "pg";
import { checkSchemaName, inTransaction } from "./connection.js";
import { type Migration, migrations } from "./migrations/index.js";

/** The advisory lock class of our migrations; the object id is a hash of the schema name. */
const MIGRATION_LOCK_CLASS = 0x76685f6d; // "vh_m"

/**
 * Creates the schema if needed and applies the migrations it lacks, all in one transaction under a
 * transaction-scoped advisory lock: processes starting at once wait for each other, and the later ones
 * find everything applied. Returns the versions applied by this call.
 */
export async function migrateSchema(
  pool: pg.Pool,
  schema: string,
  all: readonly Migration[] = migrations,
): Promise<number[]> {
  return inTransaction(pool, async (client) => {
    await client.query("SELECT pg_advisory_xact_lock($1, hashtext($2))", [MIGRATION_LOCK_CLASS, schema]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${checkSchemaName(schema)}`);
    await client.query(
      "CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL)",
    );
    const applied = await client.query<{ version: number }>("SELECT version FROM schema_migrations");
    const done = new Set(applied.rows.map((row) => row.version));
    const pending = [...all].sort((a, b) => a.version - b.version).filter((m) => !done.has(m.version));
    for (const migration of pending) {
      await client.query(migration.sql);
      await client.query("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", [
        migration.version,
        migration.name,
      ]);
    }
    return pending.map((m) => m.version);
  });
}
