import type { Database } from "better-sqlite3";
import type { SqliteMigration } from "./migrations/index.js";

/** Told before and after each migration applied: some rewrite whole tables, which takes a while. */
export type MigrationProgress = (migration: SqliteMigration, tookMs?: number) => void;

/**
 * Applies the migrations not yet recorded in `schema_migrations`, in version order, all in one
 * IMMEDIATE transaction (so two processes starting together apply them once). Idempotent.
 * Answers the versions applied by this call.
 */
export function applySqliteMigrations(
  db: Database,
  migrations: readonly SqliteMigration[],
  progress?: MigrationProgress,
): number[] {
  const apply = db.transaction(() => {
    db.exec(
      "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL) STRICT",
    );
    const rows = db.prepare("SELECT version FROM schema_migrations").all() as { version: number }[];
    const applied = new Set(rows.map((row) => row.version));
    const record = db.prepare("INSERT INTO schema_migrations (version, name) VALUES (?, ?)");
    const newlyApplied: number[] = [];
    for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
      if (applied.has(migration.version)) continue;
      progress?.(migration);
      const began = performance.now();
      db.exec(migration.sql);
      progress?.(migration, Math.round(performance.now() - began));
      record.run(migration.version, migration.name);
      newlyApplied.push(migration.version);
    }
    return newlyApplied;
  });
  return apply.immediate();
}

/** The highest applied migration version, or 0 on a file that was never migrated. */
export function readSqliteSchemaVersion(db: Database): number {
  const table = db
    .prepare("SELECT 1 AS found FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'")
    .get();
  if (table === undefined) return 0;
  const row = db.prepare("SELECT MAX(version) AS version FROM schema_migrations").get() as {
    version: number | null;
  };
  return row.version ?? 0;
}
