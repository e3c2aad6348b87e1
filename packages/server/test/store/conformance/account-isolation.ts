import { expect } from "vitest";
import { newId } from "../../../src/domain/ids.js";
import type { Account } from "../../../src/domain/types.js";
import type { Store } from "../../../src/store/port.js";
import { claimOne, httpFailureOf } from "./claim-fixtures.js";
import { givenAccount, givenOnePendingDelivery, T0 } from "./fixtures.js";
import { describeWithFreshStores, type MakeStore } from "./harness.js";

/** Account A owns one of everything (key, endpoint, event, delivery with an attempt); B owns nothing. */
async function givenTwoAccounts(store: Store) {
  const owned = await givenOnePendingDelivery(store);
  const key = {
    id: newId("key", T0),
    accountId: owned.account.id,
    kind: "account" as const,
    hash: "hash-of-a",
    prefix: "vh_a",
    name: "A's key",
    createdAt: T0,
    revokedAt: null,
  };
  await store.createApiKey(key);
  const claimed = await claimOne(store, "w1", T0);
  await store.recordAttemptResults([
    httpFailureOf("w1", claimed, T0, 500, { status: "pending", nextAttemptAt: T0 + 1_000 }),
  ]);
  const stranger: Account = await givenAccount(store, { name: "B" });
  return { ...owned, key, stranger };
}

export function describeAccountIsolation(makeStore: MakeStore): void {
  describeWithFreshStores(
    "account isolation: another account's id behaves like a missing id",
    makeStore,
    (it) => {
      it("endpoints: get, list, update and delete do not reach another account's endpoint", async (store) => {
        const { account, endpoint, deliveryId, stranger } = await givenTwoAccounts(store);
        const before = await store.getEndpoint(account.id, endpoint.id);

        expect(await store.getEndpoint(stranger.id, endpoint.id)).toBeUndefined();
        expect(await store.listEndpoints(stranger.id)).toEqual([]);
        expect(
          await store.updateEndpoint(stranger.id, endpoint.id, { url: "https://evil.example" }, T0 + 1),
        ).toBeUndefined();
        expect(await store.deleteEndpoint(stranger.id, endpoint.id, T0 + 2)).toBe(false);

        expect(await store.getEndpoint(account.id, endpoint.id)).toEqual(before);
        expect((await store.getDelivery(account.id, deliveryId))?.status).toBe("pending");
      });

      it("API keys: list and revoke do not reach another account's key", async (store) => {
        const { key, stranger } = await givenTwoAccounts(store);
        expect(await store.listApiKeys(stranger.id)).toEqual([]);
        expect(await store.revokeApiKey(stranger.id, key.id, T0 + 1)).toBe(false);
        expect(await store.findApiKeyByHash(key.hash)).toEqual(key);
      });

      it("events, deliveries and attempts are invisible to another account", async (store) => {
        const { account, endpoint, eventId, deliveryId, stranger } = await givenTwoAccounts(store);
        expect(await store.getEvent(stranger.id, eventId)).toBeUndefined();
        expect(await store.getDelivery(stranger.id, deliveryId)).toBeUndefined();
        expect(await store.listAttempts(stranger.id, deliveryId)).toEqual([]);
        expect(await store.listDeliveries(stranger.id, { limit: 100 })).toEqual([]);
        expect(await store.listDeliveries(stranger.id, { limit: 100, eventId })).toEqual([]);
        expect(await store.listDeliveries(stranger.id, { limit: 100, endpointId: endpoint.id })).toEqual([]);

        expect(await store.getEvent(account.id, eventId)).toBeDefined();
        expect(await store.listAttempts(account.id, deliveryId)).toHaveLength(1);
      });

      it("an unknown account id sees nothing either", async (store) => {
        const { endpoint, eventId, deliveryId } = await givenTwoAccounts(store);
        const nobody = newId("acc", T0);
        expect(await store.getAccount(nobody)).toBeUndefined();
        expect(await store.getEndpoint(nobody, endpoint.id)).toBeUndefined();
        expect(await store.getEvent(nobody, eventId)).toBeUndefined();
        expect(await store.getDelivery(nobody, deliveryId)).toBeUndefined();
        expect(await store.listDeliveries(nobody, { limit: 100 })).toEqual([]);
      });
    },
  );
}
