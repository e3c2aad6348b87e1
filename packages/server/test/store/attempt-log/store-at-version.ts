import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import type { Store } from "../../../src/store/port.js";
import { openPostgresStore } from "../../../src/store/postgres/index.js";
import { migrateSchema } from "../../../src/store/postgres/migrate.js";
import { migrations } from "../../../src/store/postgres/migrations/index.js";
import { openSqliteStore } from "../../../src/store/sqlite/index.js";
import { applySqliteMigrations } from "../../../src/store/sqlite/migrate.js";
import { sqliteMigrations } from "../../../src/store/sqlite/migrations/index.js";
import { dropSchema, freshSchemaName, postgresTestUrl } from "../../support/postgres.js";

/**
 * A store of either engine whose schema stops at a given migration, with a plain SQL connection beside
 * the adapter: to write rows the way an older version did, and to read what a row really holds.
 * `store.migrate()` then brings it to the current schema. `alsoApplied`: later migrations, independent
 * of the ones under test, whose tables the current adapter reads (an older schema lacks them).
 */
export interface StoreAtVersion {
  readonly store: Store;
  /** Runs one statement beside the adapter, its values in the engine's placeholders (`placeholder`). */
  query(sql: string, values: readonly unknown[]): Promise<Record<string, unknown>[]>;
  /** The engine's n-th placeholder: `$n` on PostgreSQL, `?` on SQLite. */
  readonly placeholder: (n: number) => string;
  /** The SQLite file, on that engine. */
  readonly sqliteFile?: string;
  cleanup(): Promise<void>;
}

/** A migration's number, found by its name: numbers may change when migrations are merged. */
export function migrationVersion(name: string): number {
  const found = sqliteMigrations.find((m) => m.name === name);
  if (found === undefined) throw new Error(`test: no migration named ${name}`);
  return found.version;
}

/**
 * Later migrations whose shape today's adapter writes whatever it does (workers' lease numbers, user
 * agents' numbers, deliveries without their event's type), independent of every earlier one: a test that
 * drives an older schema with today's adapter applies them too (`alsoApplied`). Since migration 017
 * (events and deliveries keyed by number) today's adapter writes no event, delivery or attempt on a
 * schema before it: tests write those in SQL as the older versions did (deliveries-by-text-id.ts).
 */
export const ADAPTER_BOOKKEEPING = [
  migrationVersion("lease-owners"),
  migrationVersion("attempt-user-agents"),
  migrationVersion("deliveries-without-event-type"),
];

export async function sqliteStoreAtVersion(
  version: number,
  alsoApplied: readonly number[] = [],
): Promise<StoreAtVersion> {
  const dir = await mkdtemp(join(tmpdir(), "vh-attempt-log-"));
  const file = join(dir, "voicehire.sqlite");
  const raw = new Database(file);
  applySqliteMigrations(
    raw,
    sqliteMigrations.filter((m) => m.version <= version || alsoApplied.includes(m.version)),
  );
  const store = openSqliteStore({ file });
  return {
    store,
    sqliteFile: file,
    placeholder: () => "?",
    async query(sql, values) {
      const statement = raw.prepare(sql);
      if (statement.reader) return statement.all(...values) as Record<string, unknown>[];
      statement.run(...values);
      return [];
    },
    async cleanup() {
      raw.close();
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export async function postgresStoreAtVersion(
  version: number,
  alsoApplied: readonly number[] = [],
): Promise<StoreAtVersion> {
  const schema = freshSchemaName();
  const pool = new pg.Pool({
    connectionString: postgresTestUrl(),
    max: 2,
    options: `-c search_path=${schema}`,
  });
  await migrateSchema(
    pool,
    schema,
    migrations.filter((m) => m.version <= version || alsoApplied.includes(m.version)),
  );
  const store = openPostgresStore({ connectionString: postgresTestUrl(), schema, poolSize: 2 });
  return {
    store,
    placeholder: (n) => `$${n}`,
    async query(sql, values) {
      return (await pool.query(sql, [...values])).rows as Record<string, unknown>[];
    },
    async cleanup() {
      await store.close();
      await pool.end();
      await dropSchema(schema);
    },
  };
}

/** Both engines for a migration test, PostgreSQL only when the test server answers (`requirePostgres`). */
export function enginesAtVersion(postgresRuns: boolean) {
  return [
    { name: "SQLite", open: sqliteStoreAtVersion, run: true },
    { name: "PostgreSQL", open: postgresStoreAtVersion, run: postgresRuns },
  ] as const;
}
