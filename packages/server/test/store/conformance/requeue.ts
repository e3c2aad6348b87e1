import { expect } from "vitest";
import { newId } from "../../../src/domain/ids.js";
import { claimAll, finishAll } from "./claim-fixtures.js";
import { givenAccount, givenEndpoint, givenOnePendingDelivery, publishOne, T0 } from "./fixtures.js";
import { describeWithFreshStores, type MakeStore } from "./harness.js";
import { testDelivery } from "./test-delivery-input.js";

const HOUR = 3_600_000;

/** Resending one delivery: a fresh retry budget, refused for what cannot be resent. */
export function describeRequeue(makeStore: MakeStore): void {
  describeWithFreshStores("resending a delivery", makeStore, (it) => {
    it("resends a failed delivery now with a fresh retry budget; the attempt number goes on", async (store) => {
      const { account } = await givenOnePendingDelivery(store);
      await finishAll(store, T0, "failed");
      const [failed] = await store.listDeliveries(account.id, { limit: 1 });
      if (failed === undefined) throw new Error("conformance: expected a delivery");

      const outcome = await store.resendDelivery(account.id, failed.id, T0 + HOUR);
      expect(outcome).toEqual({
        kind: "resent",
        delivery: { ...failed, status: "pending", nextAttemptAt: T0 + HOUR, updatedAt: T0 + HOUR },
      });
      expect(await claimAll(store, "w", T0 + HOUR - 1)).toEqual([]);
      const [again] = await claimAll(store, "w", T0 + HOUR);
      expect(again).toMatchObject({ deliveryId: failed.id, attemptNumber: 2, retryBudgetStart: 1 });
    });

    it("refuses to resend a test delivery, one of a deleted endpoint, or another account's", async (store) => {
      const account = await givenAccount(store);
      const intruder = await givenAccount(store);
      const endpoint = await givenEndpoint(store, account.id, ["campaign.created"]);
      const test = testDelivery(account.id, endpoint.id, T0, false);
      await store.recordTestDelivery(test);
      expect(await store.resendDelivery(account.id, test.delivery.id, T0 + 1)).toEqual({
        kind: "test_delivery",
      });
      await publishOne(store, account.id, "campaign.created", T0);
      await finishAll(store, T0, "failed");
      const [failed] = await store.listDeliveries(account.id, { limit: 1, test: false });
      if (failed === undefined) throw new Error("conformance: expected a delivery");
      expect(await store.resendDelivery(intruder.id, failed.id, T0 + 1)).toEqual({ kind: "not_found" });
      expect(await store.resendDelivery(account.id, newId("dlv", T0), T0 + 1)).toEqual({ kind: "not_found" });
      expect(await store.getDelivery(account.id, failed.id)).toEqual(failed);
      await store.deleteEndpoint(account.id, endpoint.id, T0 + 2);
      expect(await store.resendDelivery(account.id, failed.id, T0 + 3)).toEqual({ kind: "endpoint_deleted" });
    });
  });
}
