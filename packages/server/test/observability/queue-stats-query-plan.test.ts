import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { applySqliteMigrations, sqliteMigrations } from "../../src/store/sqlite/index.js";
import { QUEUE_STATS_SQL } from "../../src/store/sqlite/queue-stats.js";

describe("SQLite queue statistics query plan", () => {
  it("counts pending deliveries from the index alone and reads only the due ones (no full scan)", () => {
    const db = new Database(":memory:");
    try {
      applySqliteMigrations(db, sqliteMigrations);
      const plan = (
        db.prepare(`EXPLAIN QUERY PLAN ${QUEUE_STATS_SQL}`).all({ now: 1 }) as { detail: string }[]
      )
        .map((row) => row.detail)
        .join("\n");
      expect(plan).toContain("SCAN deliveries USING COVERING INDEX deliveries_due");
      expect(plan).toMatch(/SEARCH deliveries USING INDEX deliveries_due \(next_attempt_at<\?\)/);
      expect(plan).not.toMatch(/SCAN deliveries(?! USING COVERING INDEX)/);
    } finally {
      db.close();
    }
  });
});
