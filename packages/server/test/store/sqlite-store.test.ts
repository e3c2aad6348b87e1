import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { DeliveryQuery } from "../../src/store/port.js";
import {
  CLAIM_FROM_WINDOW_SQL,
  CLAIM_PER_ENDPOINT_SQL,
  COUNT_WINDOW_SQL,
} from "../../src/store/sqlite/claim-selection.js";
import { accountPageSql, listDeliveriesSql } from "../../src/store/sqlite/delivery-log.js";
import { applySqliteMigrations, openSqliteStore, sqliteMigrations } from "../../src/store/sqlite/index.js";
import { expectSameBytes } from "./conformance/bytes.js";
import { claimAll } from "./conformance/claim-fixtures.js";
import { givenAccount, givenEndpoint, publishOne, T0 } from "./conformance/fixtures.js";
import type { MakeStoreOptions } from "./conformance/harness.js";
import { describeStoreConformance } from "./conformance.js";
import { withQueryPlans } from "./support/sqlite-query-plans.js";

async function makeTempSqliteStore(options: MakeStoreOptions = {}) {
  const dir = await mkdtemp(join(tmpdir(), "voicehire-sqlite-store-"));
  const open = () => openSqliteStore({ file: join(dir, "store.sqlite"), synchronous: "normal", ...options });
  return {
    store: open(),
    cleanup: () => rm(dir, { recursive: true, force: true }),
    openAnother: open,
  };
}

describeStoreConformance("SQLite", makeTempSqliteStore);

describe("SQLite store file", () => {
  let dir = "";
  let file = "";
  const toClose: { close(): unknown }[] = [];
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "voicehire-sqlite-file-"));
    file = join(dir, "store.sqlite");
  });
  afterEach(async () => {
    for (const opened of toClose.splice(0).reverse()) await opened.close();
    await rm(dir, { recursive: true, force: true });
  });
  const open = () => {
    const store = openSqliteStore({ file });
    toClose.push(store);
    return store;
  };
  const openRaw = () => {
    const db = new Database(file);
    toClose.push(db);
    return db;
  };

  it("records the schema version of every migration, once", async () => {
    await open().migrate();
    const rows = openRaw().prepare("SELECT version, name FROM schema_migrations ORDER BY version").all();
    expect(rows).toEqual(sqliteMigrations.map(({ version, name }) => ({ version, name })));
    // Every version from 1 up, each once, in order: a gap would mean a migration was lost in a merge.
    expect(sqliteMigrations.map((m) => m.version)).toEqual(sqliteMigrations.map((_, i) => i + 1));
  });

  it("applying the migrations again is a no-op that keeps the data", async () => {
    const store = open();
    await store.migrate();
    const account = await givenAccount(store);
    await store.migrate();
    const raw = openRaw();
    expect(applySqliteMigrations(raw, sqliteMigrations)).toEqual([]);
    expect(raw.prepare("SELECT COUNT(*) AS n FROM schema_migrations").get()).toEqual({
      n: sqliteMigrations.length,
    });
    expect(await store.getAccount(account.id)).toEqual(account);
  });

  it("applies only the migrations that are missing, in version order", async () => {
    const raw = openRaw();
    const later = { version: 99, name: "later", sql: "CREATE TABLE later_table (x INTEGER) STRICT;" };
    expect(applySqliteMigrations(raw, [later, ...sqliteMigrations])).toEqual([
      ...sqliteMigrations.map((m) => m.version),
      99,
    ]);
    expect(applySqliteMigrations(raw, [...sqliteMigrations, later])).toEqual([]);
  });

  it("a failing migration leaves nothing behind", async () => {
    const raw = openRaw();
    const broken = { version: 99, name: "broken", sql: "CREATE TABLE half (x INTEGER); THIS IS NOT SQL;" };
    expect(() => applySqliteMigrations(raw, [...sqliteMigrations, broken])).toThrow();
    expect(raw.prepare("SELECT name FROM sqlite_master WHERE name IN ('half', 'accounts')").all()).toEqual(
      [],
    );
    expect(applySqliteMigrations(raw, sqliteMigrations)).toEqual(sqliteMigrations.map((m) => m.version));
  });

  it("reopening the file keeps everything, event bytes and leases included", async () => {
    const first = open();
    await first.migrate();
    const account = await givenAccount(first);
    const endpoint = await givenEndpoint(first, account.id, ["campaign.created"]);
    const { eventId } = await publishOne(first, account.id, "campaign.created", T0);
    const body = (await first.getEvent(account.id, eventId))?.body ?? new Uint8Array();
    expect(await claimAll(first, "w1", T0)).toHaveLength(1);
    await first.close();

    const reopened = open();
    await reopened.migrate();
    expect(await reopened.getAccount(account.id)).toEqual(account);
    expect(await reopened.getEndpoint(account.id, endpoint.id)).toEqual(endpoint);
    expectSameBytes((await reopened.getEvent(account.id, eventId))?.body, body);
    expect(await claimAll(reopened, "w2", T0 + 1)).toEqual([]);
    await reopened.releaseAllLeases();
    expect(await claimAll(reopened, "w2", T0 + 1)).toHaveLength(1);
  });

  it("runs in WAL mode with foreign keys enforced", async () => {
    const store = open();
    await store.migrate();
    expect(openRaw().pragma("journal_mode", { simple: true })).toBe("wal");
    await expect(givenEndpoint(store, "acc_missing", ["campaign.created"])).rejects.toThrow(/FOREIGN KEY/);
  });

  it("two connections to one file never lease the same delivery", async () => {
    const a = open();
    const b = open();
    await a.migrate();
    await b.migrate();
    const account = await givenAccount(a);
    await givenEndpoint(a, account.id, ["campaign.created"]);
    for (let i = 0; i < 5; i++) await publishOne(a, account.id, "campaign.created", T0);
    const byA = await a.claimDueDeliveries({ workerId: "a", now: T0, leaseMs: 1_000, limit: 3 });
    const byB = await claimAll(b, "b", T0);
    expect(byA).toHaveLength(3);
    expect(byB).toHaveLength(2);
    expect(new Set([...byA, ...byB].map((c) => c.deliveryId)).size).toBe(5);
  });
});

describe("SQLite query plans", () => {
  it("the claim, nextDueAt and every listing filter are served by an index, never a full scan", () => {
    withQueryPlans((plan) => {
      const claimParams = { now: 1, window: 64, limit: 10, perEndpoint: 5, excluded: "[]" };
      expect(plan(CLAIM_FROM_WINDOW_SQL, claimParams)).toContain("USING INDEX deliveries_due");
      expect(plan(COUNT_WINDOW_SQL, { now: 1, window: 64 })).toContain("USING INDEX deliveries_due");
      const perEndpoint = plan(CLAIM_PER_ENDPOINT_SQL, claimParams);
      expect(perEndpoint).toContain("deliveries_pending_by_endpoint (endpoint_id>?)");
      expect(perEndpoint).toContain("deliveries_pending_by_endpoint (endpoint_id=? AND next_attempt_at<?)");
      expect(perEndpoint).not.toMatch(/SCAN (deliveries|d|x)\b(?! USING)/);
      expect(plan("SELECT MIN(next_attempt_at) FROM deliveries WHERE status = 'pending'", {})).toContain(
        "deliveries_due",
      );

      // Without an endpoint or event filter, a listing reads each of the account's endpoints' page.
      const listings: [DeliveryQuery, string, typeof listDeliveriesSql][] = [
        [{ limit: 10 }, "deliveries_by_endpoint (endpoint_id=?)", accountPageSql],
        [
          { limit: 10, beforeId: "dlv_01M9764YXZ594FXY8BQP6JHGPC" },
          "deliveries_by_endpoint (endpoint_id=? AND created_at<?)",
          accountPageSql,
        ],
        [{ limit: 10, endpointId: "ep_x" }, "deliveries_by_endpoint", listDeliveriesSql],
        [{ limit: 10, eventId: "evt_x" }, "deliveries_by_event", listDeliveriesSql],
        [{ limit: 10, status: "failed", eventType: "credits.low" }, "deliveries_by_endpoint", accountPageSql],
      ];
      for (const [query, index, listingSql] of listings) {
        const { sql, params } = listingSql(query);
        const detail = plan(sql, { ...params, accountId: "acc_x" });
        expect(detail).toContain(index);
        expect(detail).not.toMatch(/SCAN deliveries\b(?! USING)/);
        // Newest first is the index's own order (an event's few deliveries aside): no sort of the history.
        if (query.eventId === undefined) expect(detail).not.toContain("TEMP B-TREE");
      }
    });
  });
});
