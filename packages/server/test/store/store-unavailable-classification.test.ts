/**
 * How each adapter sorts its engine's errors into `StoreUnavailableError` (the one type the API maps to
 * 503 and the delivery loop waits out), and that every store method goes through its classifier.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { storeUnavailableProblem } from "../../src/api/store-unavailable-problem.js";
import { classifyStoreErrors } from "../../src/store/classify-store-errors.js";
import { classifyPostgresError } from "../../src/store/postgres/classify-postgres-error.js";
import { classifySqliteError } from "../../src/store/sqlite/classify-sqlite-error.js";
import { isStoreUnavailable, StoreUnavailableError } from "../../src/store/store-unavailable-error.js";

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe("PostgreSQL errors", () => {
  it.each([
    ["57P01", "terminating connection due to administrator command"],
    ["57P02", "terminating connection because of crash of another server process"],
    ["57P03", "the database system is starting up"],
    ["08006", "connection failure"],
    ["08003", "connection does not exist"],
    ["08000", "connection exception"],
    ["53300", "sorry, too many clients already"],
    ["ECONNREFUSED", "connect ECONNREFUSED 127.0.0.1:5432"],
    ["ECONNRESET", "read ECONNRESET"],
  ])("%s (%s) means the store is unreachable", (code, message) => {
    const original = withCode(message, code);
    const classified = classifyPostgresError(original);
    expect(classified).toBeInstanceOf(StoreUnavailableError);
    expect(classified).toMatchObject({ reason: "unreachable", cause: original });
  });

  it.each([
    "Connection terminated unexpectedly",
    "Connection terminated",
    "timeout exceeded when trying to connect",
    "Client has encountered a connection error and is not queryable",
  ])("pg's own '%s' means the store is unreachable", (message) => {
    expect(classifyPostgresError(new Error(message))).toMatchObject({ reason: "unreachable" });
  });

  it("a refused connection to every address of a name is unreachable too", () => {
    const both = new AggregateError([withCode("a", "ECONNREFUSED"), withCode("b", "ECONNREFUSED")], "");
    expect(classifyPostgresError(both)).toMatchObject({ reason: "unreachable" });
  });

  it.each([
    ["53100", "could not extend file: No space left on device"],
    ["25006", "cannot execute INSERT in a read-only transaction"],
  ])("%s means the store is out of space", (code, message) => {
    expect(classifyPostgresError(withCode(message, code))).toMatchObject({ reason: "storage_full" });
  });

  it("leaves every error about the request or the data as it is", () => {
    for (const code of ["23505", "22021", "40P01", "42P01", "22P02"]) {
      const error = withCode("about the request", code);
      expect(classifyPostgresError(error)).toBe(error);
    }
    const plain = new Error("a bug");
    expect(classifyPostgresError(plain)).toBe(plain);
    expect(classifyPostgresError("not an error")).toBe("not an error");
  });
});

describe("SQLite errors", () => {
  it("a database that cannot grow (a real SQLITE_FULL) is out of space; other errors stay as they are", () => {
    const dir = mkdtempSync(join(tmpdir(), "vh-sqlite-full-"));
    const db = new Database(join(dir, "full.sqlite"));
    try {
      db.exec("CREATE TABLE t (v BLOB)");
      db.pragma("max_page_count = 3");
      let full: unknown;
      try {
        for (let i = 0; i < 100; i++) db.prepare("INSERT INTO t VALUES (?)").run(Buffer.alloc(4096));
      } catch (error) {
        full = error;
      }
      expect(full).toMatchObject({ code: "SQLITE_FULL" });
      expect(classifySqliteError(full)).toMatchObject({ reason: "storage_full", cause: full });
      let other: unknown;
      try {
        db.prepare("SELECT * FROM missing_table");
      } catch (error) {
        other = error;
      }
      expect(other).toMatchObject({ code: "SQLITE_ERROR" });
      expect(classifySqliteError(other)).toBe(other);
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("classifyStoreErrors", () => {
  const classify = (error: unknown) =>
    error instanceof Error && error.message === "down"
      ? new StoreUnavailableError("unreachable", { cause: error })
      : error;

  it("classifies rejections and synchronous throws of every method, and passes everything else", async () => {
    await fc.assert(
      fc.asyncProperty(fc.boolean(), fc.boolean(), fc.integer(), async (sync, down, value) => {
        const error = new Error(down ? "down" : "other");
        const store = classifyStoreErrors(
          {
            name: "kept",
            ok: async () => value,
            okSync: () => value,
            fails: sync
              ? () => {
                  throw error;
                }
              : async () => {
                  throw error;
                },
          },
          classify,
        );
        expect(store.name).toBe("kept");
        expect(await store.ok()).toBe(value);
        expect(store.okSync()).toBe(value);
        let thrown: unknown;
        try {
          await store.fails();
        } catch (caught) {
          thrown = caught;
        }
        expect(isStoreUnavailable(thrown)).toBe(down);
        if (!down) expect(thrown).toBe(error);
      }),
      { numRuns: 50 },
    );
  });
});

describe("the API's answer", () => {
  it("asks to retry soon when unreachable, later when out of space, each with its own code", () => {
    const cause = new Error("x");
    const unreachable = storeUnavailableProblem(new StoreUnavailableError("unreachable", { cause }));
    expect(unreachable.problem).toMatchObject({ status: 503, code: "store_unavailable" });
    const full = storeUnavailableProblem(new StoreUnavailableError("storage_full", { cause }));
    expect(full.problem).toMatchObject({ status: 503, code: "storage_full" });
    expect(full.retryAfterSeconds).toBeGreaterThan(unreachable.retryAfterSeconds);
  });
});
