import Database from "better-sqlite3";
import { applySqliteMigrations, sqliteMigrations } from "../../../src/store/sqlite/index.js";

/** How SQLite would run a statement, one line per step (`EXPLAIN QUERY PLAN`). */
export type QueryPlan = (sql: string, params: Record<string, unknown> | readonly unknown[]) => string;

/**
 * Calls `check` with the query plans of an empty, migrated in-memory database, closed afterwards: the
 * plan depends on the schema and its indexes, not on the rows.
 */
export function withQueryPlans(check: (plan: QueryPlan) => void): void {
  const db = new Database(":memory:");
  try {
    applySqliteMigrations(db, sqliteMigrations);
    check((sql, params) =>
      (
        db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...(Array.isArray(params) ? params : [params])) as {
          detail: string;
        }[]
      )
        .map((row) => row.detail)
        .join("\n"),
    );
  } finally {
    db.close();
  }
}
