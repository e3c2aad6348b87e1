import { expect } from "vitest";
import type { NewEvent } from "../../../src/domain/types.js";
import type { PublishInput } from "../../../src/store/port.js";
import { givenAccount, givenEndpoint, newEvent, T0 } from "./fixtures.js";
import { describeWithFreshStores, type MakeStore } from "./harness.js";
import { lastCampaignOf } from "./idempotency.js";

function inputOf(
  accountId: string,
  key: string | null,
  events: NewEvent[],
  campaignId: string | null = null,
): PublishInput {
  return { accountId, idempotencyKey: key, events, campaignId, now: T0 };
}

export function describePublishMany(makeStore: MakeStore): void {
  describeWithFreshStores("publishMany", makeStore, (it) => {
    it("answers like one publish after the other, in order, keys and accounts included", async (store) => {
      const alice = await givenAccount(store);
      const bob = await givenAccount(store, { name: "Bob" });
      await givenEndpoint(store, alice.id, ["candidate.added", "candidate.interview.completed.extended"]);
      await givenEndpoint(store, alice.id, ["candidate.added"]);
      await givenEndpoint(store, bob.id, ["candidate.added"]);
      const earlier = newEvent("candidate.added");
      await store.publish(inputOf(alice.id, "used-before", [earlier]));
      const before = await store.countDeliveriesByStatus();

      const plain = newEvent("candidate.added");
      const keyed = newEvent("candidate.added");
      const repeat = newEvent("candidate.added");
      const reused = newEvent("candidate.added");
      const bobs = newEvent("candidate.added");
      const completed = newEvent("candidate.interview.completed");
      const extended = newEvent("candidate.interview.completed.extended", {
        storeEvenWithoutDeliveries: false,
      });
      const unwanted = newEvent("credits.low", { storeEvenWithoutDeliveries: false });
      const outcomes = await store.publishMany([
        inputOf(alice.id, null, [plain], "cmp_1"),
        inputOf(alice.id, "k", [keyed], "cmp_2"),
        inputOf(alice.id, "k", [repeat], "cmp_repeat"),
        inputOf(alice.id, "used-before", [reused], "cmp_reused"),
        inputOf(bob.id, "k", [bobs], "cmp_bob"),
        inputOf(alice.id, null, [completed, extended, unwanted]),
      ]);
      expect(outcomes).toEqual([
        { kind: "published", events: [{ id: plain.id, type: "candidate.added", deliveryCount: 2 }] },
        { kind: "published", events: [{ id: keyed.id, type: "candidate.added", deliveryCount: 2 }] },
        { kind: "duplicate", primaryEventId: keyed.id },
        { kind: "duplicate", primaryEventId: earlier.id },
        { kind: "published", events: [{ id: bobs.id, type: "candidate.added", deliveryCount: 1 }] },
        {
          kind: "published",
          events: [
            { id: completed.id, type: "candidate.interview.completed", deliveryCount: 0 },
            { id: extended.id, type: "candidate.interview.completed.extended", deliveryCount: 1 },
          ],
        },
      ]);
      for (const missing of [repeat, reused, unwanted]) {
        expect(await store.getEvent(alice.id, missing.id)).toBeUndefined();
      }
      expect((await store.countDeliveriesByStatus()).pending - before.pending).toBe(2 + 2 + 1 + 1);
      expect(await lastCampaignOf(store, alice.id)).toBe("cmp_2");
      expect(await lastCampaignOf(store, bob.id)).toBe("cmp_bob");
    });

    it("writes nothing when one input cannot be stored, and takes an empty list", async (store) => {
      const account = await givenAccount(store);
      await givenEndpoint(store, account.id, ["candidate.added"]);
      const good = newEvent("candidate.added");
      await expect(
        store.publishMany([
          inputOf(account.id, "all-or-nothing", [good]),
          inputOf("acc_missing", null, [newEvent("candidate.added")]),
        ]),
      ).rejects.toThrow();
      expect(await store.getEvent(account.id, good.id)).toBeUndefined();
      expect(await store.countDeliveriesByStatus()).toEqual({ pending: 0, succeeded: 0, failed: 0 });
      // The key was not kept either: it publishes now.
      const again = await store.publishMany([inputOf(account.id, "all-or-nothing", [good])]);
      expect(again[0]?.kind).toBe("published");
      expect(await store.publishMany([])).toEqual([]);
    });
  });
}
