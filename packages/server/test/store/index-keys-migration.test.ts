/**
 * Migration 009 (index keys without ids) on a store made by the version before it: finished and
 * pending deliveries read the same after it, the pending ones are claimed as before, and retention
 * still expires the old finished ones (and only them) through the rebuilt indexes, on both engines.
 */
import { afterEach, describe, expect, it } from "vitest";
import { newId } from "../../src/domain/ids.js";
import { requirePostgres } from "../support/postgres.js";
import {
  insertAttemptByTextId,
  insertDeliveryByTextId,
  insertEventByTextId,
} from "./attempt-log/deliveries-by-text-id.js";
import {
  ADAPTER_BOOKKEEPING,
  enginesAtVersion,
  migrationVersion,
  postgresStoreAtVersion,
  type StoreAtVersion,
} from "./attempt-log/store-at-version.js";
import { claimAll } from "./conformance/claim-fixtures.js";
import { givenAccount, givenEndpoint, newEvent, T0 } from "./conformance/fixtures.js";

/** The migration that adds `endpoint_attempt_minutes`. */
const ATTEMPT_COUNTERS_VERSION = migrationVersion("delivery-indexes-for-size");
const availability = await requirePostgres("packages/server/test/store/index-keys-migration.test.ts");
const engines = enginesAtVersion(availability.run);
/** The definitions of three indexes, by name. */
const INDEX_SQL: Record<(typeof engines)[number]["name"], string> = {
  SQLite: "SELECT name, sql AS definition FROM sqlite_master WHERE name IN (?, ?, ?) ORDER BY name",
  PostgreSQL:
    "SELECT indexname AS name, indexdef AS definition FROM pg_indexes " +
    "WHERE schemaname = current_schema() AND indexname IN ($1, $2, $3) ORDER BY indexname",
};

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/**
 * Two endpoints; two events finished at T0 (one succeeded, one failed, an attempt each), one event
 * pending since T0 + 60 s. The deliveries and attempts are written in SQL as the version before wrote
 * them (today's adapter keys the embedded store's by number).
 */
async function givenMixedDeliveries(s: StoreAtVersion) {
  const account = await givenAccount(s.store);
  // Subscribed to nothing published: the events are stored alone.
  const endpoints = [
    await givenEndpoint(s.store, account.id, ["credits.low"]),
    await givenEndpoint(s.store, account.id, ["credits.low"]),
  ];
  const written = [
    { at: T0, status: "succeeded", code: 200 },
    { at: T0 + 2, status: "failed", code: 500 },
    { at: T0 + 60_000, status: "pending", code: null },
  ] as const;
  const eventIds: string[] = [];
  for (const { at, status, code } of written) {
    const event = newEvent("campaign.created");
    await insertEventByTextId(s, account.id, event, at);
    eventIds.push(event.id);
    for (const endpoint of endpoints) {
      const id = newId("dlv", at);
      await insertDeliveryByTextId(s, {
        id,
        accountId: account.id,
        eventId: event.id,
        endpointId: endpoint.id,
        status,
        attemptCount: code === null ? 0 : 1,
        nextAttemptAt: code === null ? at : null,
        createdAt: at,
        // PostgreSQL still copies it; the embedded store stopped with migration 016 (applied here).
        ...(s.sqliteFile === undefined ? { eventType: "campaign.created" } : {}),
      });
      if (code !== null) await insertAttemptByTextId(s, id, 1, at + 1, code);
    }
  }
  const [oldId, failedId, pendingId] = eventIds as [string, string, string];
  return { accountId: account.id, eventIds: [oldId, failedId], pendingEventId: pendingId };
}

for (const engine of engines) {
  describe.runIf(engine.run)(`deliveries across migration 009 (${engine.name})`, () => {
    it("reads, claims and expires the deliveries of a store at migration 008 as before", async () => {
      // Migrations 010 (pull endpoints), 011 (signing keys), 012 (ordered delivery), the attempt
      // counters' and the adapter's bookkeeping are independent of 009, and today's adapter writes and
      // reads their columns and tables.
      const s = await engine.open(8, [10, 11, 12, ATTEMPT_COUNTERS_VERSION, ...ADAPTER_BOOKKEEPING]);
      cleanups.push(() => s.cleanup());
      const { accountId, eventIds, pendingEventId } = await givenMixedDeliveries(s);
      const written = await s.query(
        `SELECT id, status, event_id FROM deliveries ORDER BY created_at DESC, id DESC`,
        [],
      );

      await s.store.migrate();

      const indexes = await s.query(INDEX_SQL[engine.name], [
        "deliveries_by_event",
        "deliveries_finished_by_age",
        "events_by_age",
      ]);
      expect(indexes.map((row) => String(row.definition).replace(/\s+/g, " "))).toEqual([
        // By the event alone: its id, or on the embedded store its number since migration 017.
        expect.stringMatching(/ON (\S+\.)?deliveries (USING btree )?\(event_(id|number)\)$/),
        expect.stringMatching(/ON (\S+\.)?deliveries (USING btree )?\(created_at\) WHERE/),
        expect.stringMatching(/ON (\S+\.)?events (USING btree )?\(created_at\)$/),
      ]);
      const listed = await s.store.listDeliveries(accountId, { limit: 50 });
      expect(listed.map((d) => ({ id: d.id, status: d.status, event_id: d.eventId }))).toEqual(written);
      const claimed = await claimAll(s.store, "worker-after-009", T0 + 120_000);
      expect(claimed.map((c) => c.deliveryId).sort()).toEqual(
        written
          .filter((d) => d.status === "pending")
          .map((d) => d.id)
          .sort(),
      );
      expect(new Set(claimed.map((c) => c.eventId))).toEqual(new Set([pendingEventId]));

      const expired = await s.store.deleteExpired({ olderThan: T0 + 30_000, batchSize: 100 });
      expect(expired).toMatchObject({ deliveries: 4, attempts: 4, events: 2 });
      const left = await s.store.listDeliveries(accountId, { limit: 50 });
      expect(left.map((d) => d.eventId)).toEqual([pendingEventId, pendingEventId]);
      for (const eventId of eventIds) expect(await s.store.getEvent(accountId, eventId)).toBeUndefined();
    });
  });
}

describe.runIf(availability.run)("migration 009 after the indexes were built beforehand (PostgreSQL)", () => {
  it("keeps an age index already keyed by time alone instead of rebuilding it", async () => {
    const s = await postgresStoreAtVersion(8, [10]);
    cleanups.push(() => s.cleanup());
    // What docs/operations.md has an operator run before upgrading a large database (CONCURRENTLY there).
    await s.query("DROP INDEX deliveries_finished_by_age", []);
    await s.query(
      "CREATE INDEX deliveries_finished_by_age ON deliveries (created_at) WHERE status IN ('succeeded', 'failed')",
      [],
    );
    const oidOf = async () =>
      (await s.query("SELECT to_regclass('deliveries_finished_by_age')::oid AS oid", []))[0]?.oid;
    const before = await oidOf();

    await s.store.migrate();

    expect(await oidOf()).toBe(before);
    const [events] = await s.query("SELECT pg_get_indexdef(to_regclass('events_by_age')) AS definition", []);
    expect(String(events?.definition)).toMatch(/btree \(created_at\)$/);
  });
});
