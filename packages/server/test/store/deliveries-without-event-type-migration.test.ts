/**
 * Migration 016 on an embedded store made by the version before it: deliveries that copied their event's
 * type read back with the same type once the copy is gone, the listing's type filter finds them, and the
 * column no longer exists.
 */
import { afterEach, describe, expect, it } from "vitest";
import { insertEventByTextId } from "./attempt-log/deliveries-by-text-id.js";
import { migrationVersion, sqliteStoreAtVersion } from "./attempt-log/store-at-version.js";
import { givenAccount, givenEndpoint, newEvent, T0 } from "./conformance/fixtures.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe("deliveries across migration 016 (SQLite)", () => {
  it("keeps every delivery's event type, read from its event", async () => {
    const s = await sqliteStoreAtVersion(migrationVersion("deliveries-without-event-type") - 1);
    cleanups.push(() => s.cleanup());
    const account = await givenAccount(s.store);
    // Subscribed to neither type: the events are stored without deliveries, which are written below
    // as the version before wrote them, with the event's type copied.
    const endpoint = await givenEndpoint(s.store, account.id, ["credits.low"]);
    const created = newEvent("campaign.created");
    const added = newEvent("candidate.added");
    for (const event of [created, added]) await insertEventByTextId(s, account.id, event, T0);
    for (const [n, event] of [created, added].entries()) {
      await s.query(
        `INSERT INTO deliveries (id, account_id, event_id, endpoint_id, event_type, status, attempt_count,
           next_attempt_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'succeeded', 1, NULL, ?, ?)`,
        [`dlv_0${n}`, account.id, event.id, endpoint.id, event.type, T0 + n, T0 + n],
      );
    }

    await s.store.migrate();

    const listed = await s.store.listDeliveries(account.id, { limit: 10 });
    expect(listed.map((d) => [d.id, d.eventId, d.eventType]).sort()).toEqual([
      ["dlv_00", created.id, "campaign.created"],
      ["dlv_01", added.id, "candidate.added"],
    ]);
    const ofType = await s.store.listDeliveries(account.id, { limit: 10, eventType: "candidate.added" });
    expect(ofType.map((d) => d.id)).toEqual(["dlv_01"]);
    expect((await s.store.getDelivery(account.id, "dlv_00"))?.eventType).toBe("campaign.created");
    const columns = await s.query("SELECT name FROM pragma_table_info('deliveries')", []);
    expect(columns.map((row) => row.name)).not.toContain("event_type");
  });
});
