import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMultiRowStatement } from "../../src/store/sqlite/multi-row-statement.js";
import { createSqliteContext } from "../../src/store/sqlite/sqlite-context.js";

describe("multi-row statements on SQLite", () => {
  let dir: string;
  let db: Database.Database;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "voicehire-rows-"));
    db = new Database(join(dir, "rows.sqlite"));
    db.exec("CREATE TABLE t (n INTEGER NOT NULL, label TEXT NOT NULL, kind TEXT NOT NULL) STRICT");
  });
  afterAll(async () => {
    db.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("writes every row once, in order, whatever the count, with few statements", () => {
    const prepared: string[] = [];
    const context = createSqliteContext(db);
    const counting = {
      statement: (sql: string) => {
        prepared.push(sql);
        return context.statement(sql);
      },
    };
    const insert = createMultiRowStatement(
      counting,
      "INSERT INTO t (n, label, kind) VALUES",
      "(?, ?, 'fixed')",
    );
    for (const count of [0, 1, 63, 64, 65, 200, 127]) {
      db.exec("DELETE FROM t");
      insert(Array.from({ length: count }, (_, n) => [n, `row ${n}`]));
      const rows = db.prepare("SELECT n, label, kind FROM t ORDER BY rowid").all();
      expect(rows).toEqual(
        Array.from({ length: count }, (_, n) => ({ n, label: `row ${n}`, kind: "fixed" })),
      );
    }
    // One statement per power of two up to 64 rows, prepared once each.
    expect(prepared).toHaveLength(7);
    expect(new Set(prepared).size).toBe(7);
  });

  it("drives an UPDATE from a list of values, each row changing only its own target", () => {
    db.exec("DELETE FROM t");
    createMultiRowStatement(
      createSqliteContext(db),
      "INSERT INTO t (n, label, kind) VALUES",
      "(?, ?, 'old')",
    )(Array.from({ length: 100 }, (_, n) => [n, `row ${n}`]));
    const relabel = createMultiRowStatement(
      createSqliteContext(db),
      "WITH r (r_n, r_label) AS (VALUES",
      "(?, ?)",
      ") UPDATE t SET label = r.r_label, kind = 'new' FROM r WHERE t.n = r.r_n",
    );
    // 70 rows: one statement of 64 and one of 4 and one of 2; every third row is left alone.
    const changed = Array.from({ length: 100 }, (_, n) => n)
      .filter((n) => n % 3 !== 0)
      .slice(0, 70);
    relabel(changed.map((n) => [n, `changed ${n}`]));
    const rows = db.prepare("SELECT n, label, kind FROM t ORDER BY n").all();
    const set = new Set(changed);
    expect(rows).toEqual(
      Array.from({ length: 100 }, (_, n) =>
        set.has(n) ? { n, label: `changed ${n}`, kind: "new" } : { n, label: `row ${n}`, kind: "old" },
      ),
    );
  });
});
