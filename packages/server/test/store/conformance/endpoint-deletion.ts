import { expect } from "vitest";
import { claimAll, claimOne, httpFailureOf, LEASE_MS, resultOf } from "./claim-fixtures.js";
import { givenAccountWithEndpoint, givenEndpoint, publishOne, T0 } from "./fixtures.js";
import { describeWithFreshStores, type MakeStore } from "./harness.js";

export function describeEndpointDeletion(makeStore: MakeStore): void {
  describeWithFreshStores("deleting an endpoint with deliveries", makeStore, (it) => {
    it("fails its pending deliveries (never attempted again), keeps finished ones and other endpoints'", async (store) => {
      const { account, endpoint: doomed } = await givenAccountWithEndpoint(store);
      const kept = await givenEndpoint(store, account.id, ["campaign.created"]);
      await publishOne(store, account.id, "campaign.created", T0);
      const [done] = (await claimAll(store, "w1", T0)).filter((c) => c.endpointId === doomed.id);
      if (done === undefined) throw new Error("conformance: nothing claimed");
      await store.recordAttemptResults([
        resultOf("w1", done, { startedAt: T0, next: { status: "succeeded" } }),
      ]);
      await store.releaseAllLeases();
      await publishOne(store, account.id, "campaign.created", T0 + 10);
      await publishOne(store, account.id, "campaign.created", T0 + 20);

      expect(await store.deleteEndpoint(account.id, doomed.id, T0 + 100)).toBe(true);

      const ofDoomed = await store.listDeliveries(account.id, { limit: 100, endpointId: doomed.id });
      expect(ofDoomed.map((d) => d.status).sort()).toEqual(["failed", "failed", "succeeded"]);
      for (const failed of ofDoomed.filter((d) => d.status === "failed")) {
        expect(failed).toMatchObject({ nextAttemptAt: null, attemptCount: 0, updatedAt: T0 + 100 });
      }
      const ofKept = await store.listDeliveries(account.id, { limit: 100, endpointId: kept.id });
      expect(ofKept.map((d) => d.status)).toEqual(["pending", "pending", "pending"]);

      const claimable = await claimAll(store, "w2", T0 + 10 * LEASE_MS);
      expect(claimable.map((c) => c.endpointId)).toEqual([kept.id, kept.id, kept.id]);
    });

    it("a result arriving for a delivery whose endpoint was deleted meanwhile is logged, the delivery stays failed", async (store) => {
      const { account, endpoint } = await givenAccountWithEndpoint(store);
      await publishOne(store, account.id, "campaign.created", T0);
      const inFlight = await claimOne(store, "w1", T0);

      await store.deleteEndpoint(account.id, endpoint.id, T0 + 5);
      const result = httpFailureOf("w1", inFlight, T0, 500, { status: "pending", nextAttemptAt: T0 + 1_000 });
      await store.recordAttemptResults([result]);

      expect(await store.getDelivery(account.id, inFlight.deliveryId)).toMatchObject({
        status: "failed",
        nextAttemptAt: null,
      });
      expect(await store.listAttempts(account.id, inFlight.deliveryId)).toEqual([result.attempt]);
      expect(await store.nextDueAt()).toBeUndefined();
      expect(await claimAll(store, "w2", T0 + 10 * LEASE_MS)).toEqual([]);
    });
  });
}
