import { expect } from "vitest";
import { claimAll } from "./claim-fixtures.js";
import { givenAccountWithEndpoint, T0 } from "./fixtures.js";
import { describeWithFreshStores, type MakeStore } from "./harness.js";
import { testDelivery } from "./test-delivery-input.js";

const HOUR = 3_600_000;

/** Deliveries of the Tester: recorded final, in one go, never claimed. */
export function describeTestDeliveries(makeStore: MakeStore): void {
  describeWithFreshStores("test deliveries", makeStore, (it) => {
    it("records a test delivery with its event and attempt in one go; it is final and never claimed", async (store) => {
      const { account, endpoint } = await givenAccountWithEndpoint(store);
      const input = testDelivery(account.id, endpoint.id, T0, false);
      await store.recordTestDelivery(input);
      expect(await store.getDelivery(account.id, input.delivery.id)).toEqual(input.delivery);
      expect(await store.listAttempts(account.id, input.delivery.id)).toEqual([input.attempt]);
      expect((await store.getEvent(account.id, input.event.id))?.type).toBe("candidate.added");
      expect(await claimAll(store, "w", T0 + HOUR)).toEqual([]);
      expect(await store.listDeliveries(account.id, { limit: 10, test: true })).toEqual([input.delivery]);
      expect(await store.listDeliveries(account.id, { limit: 10, test: false })).toEqual([]);
    });
  });
}
