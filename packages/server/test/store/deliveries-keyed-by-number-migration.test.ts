/**
 * Migration 017 on an embedded store made by the version before it (deliveries keyed by their text id,
 * the account copied): every delivery keeps its id and every attempt stays its delivery's; the store
 * then keys deliveries by number, new ones get ids that sort after the old, and old and new alike are
 * listed, paged, claimed and recorded.
 */
import { afterEach, describe, expect, it } from "vitest";
import { newId } from "../../src/domain/ids.js";
import { openSqliteStore } from "../../src/store/sqlite/index.js";
import {
  insertAttemptByTextId,
  insertDeliveryByTextId,
  insertEventByTextId,
} from "./attempt-log/deliveries-by-text-id.js";
import { migrationVersion, sqliteStoreAtVersion } from "./attempt-log/store-at-version.js";
import { claimAll, resultOf } from "./conformance/claim-fixtures.js";
import { givenAccount, givenEndpoint, newEvent, publishOne, T0 } from "./conformance/fixtures.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe("deliveries across migration 017 (SQLite)", () => {
  it("keeps every id and attempt, then keys new deliveries by number after the old ones", async () => {
    const s = await sqliteStoreAtVersion(migrationVersion("deliveries-keyed-by-number") - 1);
    cleanups.push(() => s.cleanup());
    const account = await givenAccount(s.store);
    // Subscribed to nothing published: the events are stored alone, their deliveries written below.
    const endpoint = await givenEndpoint(s.store, account.id, ["credits.low"]);
    const events = [newEvent("campaign.created"), newEvent("candidate.added")];
    for (const event of events) await insertEventByTextId(s, account.id, event, T0);
    // Two ids of one millisecond, to keep their order; a Tester delivery too.
    const old = [
      { status: "succeeded", at: T0 + 1, attempts: [500, 200] },
      { status: "pending", at: T0 + 2, attempts: [503] },
      { status: "failed", at: T0 + 2, attempts: [500] },
      { status: "succeeded", at: T0 + 3, attempts: [200], test: true },
    ] as const;
    const oldIds: string[] = [];
    const attemptIds = new Map<string, string[]>();
    for (const [n, d] of old.entries()) {
      const id = newId("dlv", d.at);
      oldIds.push(id);
      await insertDeliveryByTextId(s, {
        id,
        accountId: account.id,
        eventId: (events[n % 2] as { id: string }).id,
        endpointId: endpoint.id,
        status: d.status,
        attemptCount: d.attempts.length,
        nextAttemptAt: d.status === "pending" ? T0 + 10 : null,
        createdAt: d.at,
        test: "test" in d,
      });
      const ids: string[] = [];
      for (const [i, code] of d.attempts.entries()) {
        ids.push(await insertAttemptByTextId(s, id, i + 1, d.at + i, code));
      }
      attemptIds.set(id, ids);
    }
    await s.query(
      "INSERT INTO recoveries (id, account_id, endpoint_id, since, until, status, total, requeued, cursor, created_at, updated_at) " +
        "VALUES ('rcv_1', ?, ?, 0, 1, 'running', 2, 1, ?, 0, 0)",
      [account.id, endpoint.id, oldIds[0]],
    );

    await s.store.migrate();

    const listed = await s.store.listDeliveries(account.id, { limit: 10 });
    expect(listed.map((d) => d.id)).toEqual([...oldIds].reverse());
    expect(listed.map((d) => [d.status, d.accountId, d.eventType])).toEqual(
      [...old.entries()].reverse().map(([n, d]) => [d.status, account.id, events[n % 2]?.type]),
    );
    for (const id of oldIds) {
      expect((await s.store.getDelivery(account.id, id))?.id).toBe(id);
      const attempts = await s.store.listAttempts(account.id, id);
      expect(attempts.map((a) => [a.id, a.deliveryId])).toEqual(
        (attemptIds.get(id) ?? []).map((attemptId) => [attemptId, id]),
      );
    }
    expect(await s.store.getDelivery("acc_other", oldIds[0] as string)).toBeUndefined();
    const [cursor] = await s.query(
      "SELECT r.cursor, d.given_id FROM recoveries r JOIN deliveries d ON d.id = r.cursor",
      [],
    );
    expect(cursor?.given_id).toBe(oldIds[0]);
    const columns = (await s.query("SELECT name FROM pragma_table_info('deliveries')", [])).map(
      (r) => r.name,
    );
    expect(columns).not.toContain("account_id");

    // New deliveries: ids of the same shape, sorting after the old ones, their number in them.
    const subscribed = await givenEndpoint(s.store, account.id, ["campaign.created"], {
      id: newId("ep", T0),
    });
    const published = await publishOne(s.store, account.id, "campaign.created", T0 + 20);
    expect(published.deliveryCount).toBe(1);
    const [fresh] = await s.store.listDeliveries(account.id, { limit: 1 });
    expect(fresh?.endpointId).toBe(subscribed.id);
    expect(fresh?.id).toMatch(/^dlv_[0-9A-HJKMNP-TV-Z]{26}$/);
    expect((fresh?.id as string) > (oldIds.at(-1) as string)).toBe(true);
    const page = await s.store.listDeliveries(account.id, { limit: 2 });
    const rest = await s.store.listDeliveries(account.id, { limit: 10, beforeId: page[1]?.id as string });
    expect([...page, ...rest].map((d) => d.id)).toEqual([fresh?.id, ...[...oldIds].reverse()]);

    // The old pending delivery and the new one are claimed and recorded alike.
    const claimed = await claimAll(s.store, "worker-after-017", T0 + 30);
    expect(claimed.map((c) => c.deliveryId).sort()).toEqual([oldIds[1], fresh?.id].sort());
    const recorded = await s.store.recordAttemptResults(
      claimed.map((c) =>
        resultOf("worker-after-017", c, { startedAt: T0 + 31, next: { status: "succeeded" } }),
      ),
    );
    expect(recorded.missingDeliveryIds).toEqual([]);
    for (const c of claimed) {
      expect((await s.store.getDelivery(account.id, c.deliveryId))?.status).toBe("succeeded");
      expect((await s.store.listAttempts(account.id, c.deliveryId)).at(-1)?.deliveryId).toBe(c.deliveryId);
    }
    const [count] = await s.query("SELECT count(*) AS n FROM attempts", []);
    expect(count?.n).toBe(5 + 2);
  });

  it("says which migration it applies, and how long it took", async () => {
    const s = await sqliteStoreAtVersion(migrationVersion("deliveries-keyed-by-number") - 1);
    cleanups.push(() => s.cleanup());
    const said: { message: string; fields: Record<string, unknown> }[] = [];
    const logger = {
      info: (fields: object, message: string) =>
        said.push({ message, fields: fields as Record<string, unknown> }),
      warn: () => {},
    };
    const store = openSqliteStore({ file: s.sqliteFile as string, logger });
    cleanups.push(() => store.close());
    await store.migrate();
    // The later migrations follow, each said the same way.
    expect(said.slice(0, 2).map((line) => [line.message, line.fields.name])).toEqual([
      ["applying a store migration", "deliveries-keyed-by-number"],
      ["store migration applied", "deliveries-keyed-by-number"],
    ]);
    expect(said[1]?.fields.tookMs).toEqual(expect.any(Number));
    const lines = said.length;
    await store.migrate();
    expect(said).toHaveLength(lines);
  });
});
