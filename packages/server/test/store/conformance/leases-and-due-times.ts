import { expect } from "vitest";
import { claimAll, claimUpTo, httpFailureOf, LEASE_MS, resultOf } from "./claim-fixtures.js";
import { givenAccountWithEndpoint, givenOnePendingDelivery, publishOne, T0 } from "./fixtures.js";
import { describeWithFreshStores, type MakeStore } from "./harness.js";

export function describeLeasesAndDueTimes(makeStore: MakeStore): void {
  describeWithFreshStores("leases and due times", makeStore, (it) => {
    it("a lease excludes every worker until it expires; then the delivery is claimable again", async (store) => {
      const { deliveryId } = await givenOnePendingDelivery(store);
      expect((await claimAll(store, "w1", T0)).map((c) => c.deliveryId)).toEqual([deliveryId]);

      expect(await claimAll(store, "w2", T0 + LEASE_MS - 1)).toEqual([]);
      expect(await claimAll(store, "w1", T0 + LEASE_MS - 1)).toEqual([]);

      const reclaimed = await claimAll(store, "w2", T0 + LEASE_MS + 1);
      expect(reclaimed.map((c) => [c.deliveryId, c.attemptNumber])).toEqual([[deliveryId, 1]]);
      expect(await claimAll(store, "w3", T0 + LEASE_MS + 2)).toEqual([]);
    });

    it("releaseLeases gives back only that worker's leases, due again at once", async (store) => {
      const { account } = await givenAccountWithEndpoint(store);
      for (let i = 0; i < 3; i++) await publishOne(store, account.id, "campaign.created", T0);
      const byW1 = await claimUpTo(store, "w1", T0, 2);
      const byW2 = await claimUpTo(store, "w2", T0, 2);
      expect(byW1).toHaveLength(2);
      expect(byW2).toHaveLength(1);

      await store.releaseLeases("w1");
      const again = await claimAll(store, "w3", T0 + 1);
      expect(again.map((c) => c.deliveryId).sort()).toEqual(byW1.map((c) => c.deliveryId).sort());
      expect(again.every((c) => c.attemptNumber === 1)).toBe(true);
    });

    it("releaseAllLeases gives back every lease", async (store) => {
      const { account } = await givenAccountWithEndpoint(store);
      for (let i = 0; i < 2; i++) await publishOne(store, account.id, "campaign.created", T0);
      await claimUpTo(store, "w1", T0, 1);
      await claimUpTo(store, "w2", T0, 1);
      expect(await claimAll(store, "w3", T0 + 1)).toEqual([]);

      await store.releaseAllLeases();
      expect(await claimAll(store, "w3", T0 + 1)).toHaveLength(2);
    });

    it("a released lease cannot be used to finish the delivery: the old holder's result only logs its attempt", async (store) => {
      const { account, deliveryId } = await givenOnePendingDelivery(store);
      const [claimed] = await claimAll(store, "w1", T0);
      if (claimed === undefined) throw new Error("nothing claimed");
      await store.releaseLeases("w1");
      const before = await store.getDelivery(account.id, deliveryId);
      await store.recordAttemptResults([
        resultOf("w1", claimed, { startedAt: T0 + 5, next: { status: "succeeded" } }),
      ]);
      expect(await store.getDelivery(account.id, deliveryId)).toEqual(before);
      expect(await store.listAttempts(account.id, deliveryId)).toHaveLength(1);
    });

    it("nextDueAt: undefined when nothing is pending", async (store) => {
      expect(await store.nextDueAt()).toBeUndefined();
    });

    it("nextDueAt: the earliest pending delivery, leased or not, finished ones ignored", async (store) => {
      const { account } = await givenAccountWithEndpoint(store);
      await publishOne(store, account.id, "campaign.created", T0 + 500);
      await publishOne(store, account.id, "campaign.created", T0 + 200);
      expect(await store.nextDueAt()).toBe(T0 + 200);

      const leased = await claimUpTo(store, "w1", T0 + 300, 10);
      expect(leased).toHaveLength(1);
      expect(await store.nextDueAt()).toBe(T0 + 200);

      const [first] = leased;
      if (first === undefined) throw new Error("nothing claimed");
      await store.recordAttemptResults([
        resultOf("w1", first, { startedAt: T0 + 300, next: { status: "succeeded" } }),
      ]);
      expect(await store.nextDueAt()).toBe(T0 + 500);

      const [second] = await claimAll(store, "w1", T0 + 600);
      if (second === undefined) throw new Error("nothing claimed");
      await store.recordAttemptResults([
        httpFailureOf("w1", second, T0 + 600, 500, { status: "pending", nextAttemptAt: T0 + 9_000 }),
      ]);
      expect(await store.nextDueAt()).toBe(T0 + 9_000);

      const [retry] = await claimAll(store, "w1", T0 + 9_000);
      if (retry === undefined) throw new Error("nothing claimed");
      await store.recordAttemptResults([
        resultOf("w1", retry, {
          startedAt: T0 + 9_000,
          statusCode: null,
          errorKind: "timeout",
          next: { status: "failed" },
        }),
      ]);
      expect(await store.nextDueAt()).toBeUndefined();
    });
  });
}
