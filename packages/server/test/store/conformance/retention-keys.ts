import { expect } from "vitest";
import type { EpochMs } from "../../../src/domain/types.js";
import type { Store } from "../../../src/store/port.js";
import { claimAll, resultOf } from "./claim-fixtures.js";
import { givenAccountWithEndpoint, newEvent, T0 } from "./fixtures.js";
import { describeWithFreshStores, type MakeStore } from "./harness.js";

const DAY = 86_400_000;

function publishWithKey(store: Store, accountId: string, key: string, type: string, now: EpochMs) {
  return store.publish({ accountId, idempotencyKey: key, events: [newEvent(type)], campaignId: null, now });
}

/** Retention deletes an idempotency key together with its event, never one without the other. */
export function describeRetentionKeepsKeysWithEvents(makeStore: MakeStore): void {
  describeWithFreshStores("retention of idempotency keys with their events", makeStore, (it) => {
    it("keeps an old key while its event is kept (a pending delivery), and deletes both once it is finished", async (store) => {
      const { account } = await givenAccountWithEndpoint(store);
      const first = await publishWithKey(store, account.id, "k-pending", "campaign.created", T0);
      if (first.kind !== "published") throw new Error("conformance: expected a publish");
      const eventId = first.events[0]?.id ?? "";

      expect(await store.deleteExpired({ olderThan: T0 + DAY, batchSize: 10 })).toMatchObject({
        events: 0,
        idempotencyKeys: 0,
      });
      const repeated = await publishWithKey(store, account.id, "k-pending", "campaign.created", T0 + DAY);
      expect(repeated).toEqual({ kind: "duplicate", primaryEventId: eventId });
      expect(await store.getEvent(account.id, eventId)).toBeDefined();

      const claimed = await claimAll(store, "w", T0 + 1);
      await store.recordAttemptResults(
        claimed.map((c) => resultOf("w", c, { startedAt: T0 + 1, next: { status: "succeeded" } })),
      );
      expect(await store.deleteExpired({ olderThan: T0 + DAY, batchSize: 10 })).toMatchObject({
        deliveries: 1,
        events: 1,
        idempotencyKeys: 1,
      });
      expect(await store.getEvent(account.id, eventId)).toBeUndefined();
      expect((await publishWithKey(store, account.id, "k-pending", "campaign.created", T0 + DAY)).kind).toBe(
        "published",
      );
    });

    it("between any two batches, a key that still deduplicates still has its event", async (store) => {
      const { account } = await givenAccountWithEndpoint(store);
      const keys: { key: string; eventId: string }[] = [];
      // Events with finished deliveries and events nobody subscribed to, interleaved, all old.
      for (let i = 0; i < 8; i++) {
        const type = i % 2 === 0 ? "campaign.created" : "candidate.added";
        const outcome = await publishWithKey(store, account.id, `k-${i}`, type, T0 + i);
        if (outcome.kind !== "published") throw new Error("conformance: expected a publish");
        keys.push({ key: `k-${i}`, eventId: outcome.events[0]?.id ?? "" });
      }
      const claimed = await claimAll(store, "w", T0 + 10);
      await store.recordAttemptResults(
        claimed.map((c) => resultOf("w", c, { startedAt: T0 + 10, next: { status: "succeeded" } })),
      );
      let remaining = keys;
      for (let call = 0; call < 40 && remaining.length > 0; call++) {
        await store.deleteExpired({ olderThan: T0 + DAY, batchSize: 1 });
        const still: typeof keys = [];
        for (const entry of remaining) {
          const event = await store.getEvent(account.id, entry.eventId);
          const again = await publishWithKey(store, account.id, entry.key, "campaign.created", T0 + 2 * DAY);
          // Both or neither: a duplicate always finds its event, a gone event never leaves its key.
          if (again.kind === "duplicate") {
            expect(again.primaryEventId).toBe(entry.eventId);
            expect(event).toBeDefined();
            still.push(entry);
          } else {
            expect(event).toBeUndefined();
          }
        }
        remaining = still;
      }
      expect(remaining).toEqual([]);
    });
  });
}
