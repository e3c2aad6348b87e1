import { expect } from "vitest";
import { claimOne, resultOf } from "./claim-fixtures.js";
import { givenAccountWithEndpoint, givenEndpoint, publishOne, T0 } from "./fixtures.js";
import { describeWithFreshStores, type MakeStore } from "./harness.js";

const DAY = 86_400_000;

/** A result whose delivery retention deleted meanwhile is answered as missing, never refused. */
export function describeResultsOfDeletedDeliveries(makeStore: MakeStore): void {
  describeWithFreshStores("results of deliveries deleted meanwhile", makeStore, (it) => {
    it("endpoint deleted in flight, then retention: the late result is left out and named, the rest recorded", async (store) => {
      const { account, endpoint: doomed } = await givenAccountWithEndpoint(store);
      await publishOne(store, account.id, "campaign.created", T0);
      const lost = await claimOne(store, "w1", T0);
      await store.deleteEndpoint(account.id, doomed.id, T0 + 1);
      expect(await store.deleteExpired({ olderThan: T0 + DAY, batchSize: 10 })).toMatchObject({
        deliveries: 1,
      });

      await givenEndpoint(store, account.id, ["campaign.created"]);
      await publishOne(store, account.id, "campaign.created", T0 + 2);
      const kept = await claimOne(store, "w1", T0 + 2);

      const recorded = await store.recordAttemptResults([
        resultOf("w1", lost, { startedAt: T0, next: { status: "succeeded" } }),
        resultOf("w1", kept, { startedAt: T0 + 2, next: { status: "succeeded" } }),
      ]);
      expect(recorded.missingDeliveryIds).toEqual([lost.deliveryId]);
      expect(await store.getDelivery(account.id, lost.deliveryId)).toBeUndefined();
      expect(await store.getDelivery(account.id, kept.deliveryId)).toMatchObject({
        status: "succeeded",
        attemptCount: 1,
      });
      expect(await store.listAttempts(account.id, kept.deliveryId)).toHaveLength(1);
    });

    it("a result naming an id no delivery has (on SQLite: a real delivery's number at another time) is left out and named", async (store) => {
      const { account } = await givenAccountWithEndpoint(store);
      await publishOne(store, account.id, "campaign.created", T0);
      const claimed = await claimOne(store, "w1", T0);
      const { deliveryId } = claimed;
      // The first time digit changed: the same number (SQLite) under a time it was not created at.
      const forged = `${deliveryId.slice(0, 4)}${deliveryId[4] === "0" ? "1" : "0"}${deliveryId.slice(5)}`;
      const recorded = await store.recordAttemptResults([
        resultOf("w1", { ...claimed, deliveryId: forged }, { startedAt: T0, next: { status: "succeeded" } }),
      ]);
      expect(recorded.missingDeliveryIds).toEqual([forged]);
      expect(await store.getDelivery(account.id, deliveryId)).toMatchObject({
        status: "pending",
        attemptCount: 0,
      });
      expect(await store.listAttempts(account.id, deliveryId)).toHaveLength(0);
    });
  });
}
