import { expect } from "vitest";
import { expectSameBytes } from "./bytes.js";
import { claimUpTo, LEASE_MS } from "./claim-fixtures.js";
import { givenAccount, givenAccountWithEndpoint, givenEndpoint, publishOne, T0 } from "./fixtures.js";
import { describeWithFreshStores, type MakeStore } from "./harness.js";

export function describeClaims(makeStore: MakeStore): void {
  describeWithFreshStores("claiming due deliveries", makeStore, (it) => {
    it("claims only deliveries due at or before now", async (store) => {
      const { account } = await givenAccountWithEndpoint(store);
      const past = await publishOne(store, account.id, "campaign.created", T0);
      const exactlyNow = await publishOne(store, account.id, "campaign.created", T0 + 100);
      await publishOne(store, account.id, "campaign.created", T0 + 101);

      const claimed = await claimUpTo(store, "w1", T0 + 100, 10);
      expect(claimed.map((c) => c.eventId)).toEqual([past.eventId, exactlyNow.eventId]);
    });

    it("claims the oldest due first, at most `limit`, and the rest on the next claim", async (store) => {
      const { account } = await givenAccountWithEndpoint(store);
      const third = await publishOne(store, account.id, "campaign.created", T0 + 30);
      const first = await publishOne(store, account.id, "campaign.created", T0 + 10);
      const second = await publishOne(store, account.id, "campaign.created", T0 + 20);

      const claim = (workerId: string) =>
        store.claimDueDeliveries({ workerId, now: T0 + 1_000, leaseMs: LEASE_MS, limit: 2 });
      expect((await claim("w1")).map((c) => c.eventId)).toEqual([first.eventId, second.eventId]);
      expect((await claim("w2")).map((c) => c.eventId)).toEqual([third.eventId]);
      expect(await claim("w3")).toEqual([]);
    });

    it("carries everything one attempt needs: url, sealed secret, event, exact body, attempt number 1", async (store) => {
      const { account, endpoint } = await givenAccountWithEndpoint(store, ["candidate.sourced"], {
        url: "https://receiver.example.org/voicehire",
        sealedSecret: "v1.iv.tag.sealed",
      });
      const plain = await givenEndpoint(store, account.id, ["candidate.sourced"], { sealedSecret: null });
      const { eventId } = await publishOne(store, account.id, "candidate.sourced", T0);
      const stored = await store.getEvent(account.id, eventId);

      const claimed = await claimUpTo(store, "w1", T0, 10);
      expect(claimed).toHaveLength(2);
      const signed = claimed.find((c) => c.endpointId === endpoint.id);
      const unsigned = claimed.find((c) => c.endpointId === plain.id);
      const [delivery] = await store.listDeliveries(account.id, { limit: 1, endpointId: endpoint.id });
      expect(signed).toMatchObject({
        deliveryId: delivery?.id,
        accountId: account.id,
        endpointId: endpoint.id,
        url: "https://receiver.example.org/voicehire",
        sealedSecrets: ["v1.iv.tag.sealed"],
        eventId,
        eventType: "candidate.sourced",
        attemptNumber: 1,
      });
      expect(unsigned).toMatchObject({ url: plain.url, sealedSecrets: [], attemptNumber: 1 });
      expectSameBytes(signed?.body, stored?.body ?? new Uint8Array([1]));
    });

    it("claims across accounts", async (store) => {
      const accounts = [await givenAccount(store), await givenAccount(store)];
      for (const account of accounts) {
        await givenEndpoint(store, account.id, ["campaign.created"]);
        await publishOne(store, account.id, "campaign.created", T0);
      }
      const claimed = await claimUpTo(store, "w1", T0, 10);
      expect(claimed.map((c) => c.accountId).sort()).toEqual(accounts.map((a) => a.id).sort());
    });

    it("claims nothing from an empty store", async (store) => {
      expect(await claimUpTo(store, "w1", T0, 10)).toEqual([]);
    });
  });
}
