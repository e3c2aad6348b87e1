import { expect } from "vitest";
import { expectSameBytes, utf8 } from "./bytes.js";
import { claimAll } from "./claim-fixtures.js";
import {
  givenAccount,
  givenAccountWithEndpoint,
  givenEndpoint,
  newEvent,
  publishEvents,
  publishOne,
  T0,
} from "./fixtures.js";
import { describeWithFreshStores, type MakeStore } from "./harness.js";

export function describePublishing(makeStore: MakeStore): void {
  describeWithFreshStores("publishing", makeStore, (it) => {
    it("fans out only to the account's enabled endpoints that selected the type", async (store) => {
      const account = await givenAccount(store);
      const other = await givenAccount(store);
      const onlyCreated = await givenEndpoint(store, account.id, ["campaign.created"]);
      const both = await givenEndpoint(store, account.id, ["candidate.added", "campaign.created"]);
      await givenEndpoint(store, account.id, ["candidate.added"]);
      await givenEndpoint(store, account.id, ["campaign.created"], { enabled: false });
      await givenEndpoint(store, other.id, ["campaign.created"]);

      const { eventId, deliveryCount } = await publishOne(store, account.id, "campaign.created", T0 + 7);

      expect(deliveryCount).toBe(2);
      const deliveries = await store.listDeliveries(account.id, { limit: 100 });
      expect(deliveries.map((d) => d.endpointId).sort()).toEqual([onlyCreated.id, both.id].sort());
      for (const delivery of deliveries) {
        expect(delivery).toEqual({
          id: delivery.id,
          accountId: account.id,
          eventId,
          endpointId: delivery.endpointId,
          eventType: "campaign.created",
          status: "pending",
          attemptCount: 0,
          nextAttemptAt: T0 + 7,
          lastStatusCode: null,
          lastErrorKind: null,
          test: false,
          createdAt: T0 + 7,
          updatedAt: T0 + 7,
        });
      }
      expect(new Set(deliveries.map((d) => d.id)).size).toBe(2);
      expect(await store.listDeliveries(other.id, { limit: 100 })).toEqual([]);
    });

    it("stores the event once with its exact bytes, non-ASCII and odd spacing included", async (store) => {
      const { account } = await givenAccountWithEndpoint(store, ["candidate.added"]);
      await givenEndpoint(store, account.id, ["candidate.added"]);
      // Decomposed "é" (e + U+0301), an emoji, a NUL escape, CRLF and spaces a re-serializer would lose.
      const body = utf8(
        '{ "id":"evt_x" ,"event":"candidate.added",\r\n"data":{"first_name":"Zoe\u0301 🎉","note":"\\u0000 ok"}}',
      );
      const event = newEvent("candidate.added", { body, occurredAt: T0 - 60_000 });
      const outcome = await publishEvents(store, account.id, [event]);
      expect(outcome).toEqual({
        kind: "published",
        events: [{ id: event.id, type: "candidate.added", deliveryCount: 2 }],
      });

      const stored = await store.getEvent(account.id, event.id);
      expect(stored).toMatchObject({ id: event.id, accountId: account.id, type: "candidate.added" });
      expect(stored?.occurredAt).toBe(T0 - 60_000);
      expect(stored?.createdAt).toBe(T0);
      expectSameBytes(stored?.body, body);

      const claimed = await claimAll(store, "worker-a", T0);
      expect(claimed).toHaveLength(2);
      for (const delivery of claimed) expectSameBytes(delivery.body, body);
    });

    it("always stores the primary event, even when nobody subscribes and it is not marked to be kept", async (store) => {
      const account = await givenAccount(store);
      const primary = newEvent("campaign.created", { storeEvenWithoutDeliveries: false });
      const outcome = await publishEvents(store, account.id, [primary]);
      expect(outcome).toEqual({
        kind: "published",
        events: [{ id: primary.id, type: "campaign.created", deliveryCount: 0 }],
      });
      expect((await store.getEvent(account.id, primary.id))?.type).toBe("campaign.created");
      expect(await store.countDeliveriesByStatus()).toEqual({ pending: 0, succeeded: 0, failed: 0 });
    });

    it("does not store a derived event marked storeEvenWithoutDeliveries=false that nobody subscribes to", async (store) => {
      const { account } = await givenAccountWithEndpoint(store, ["candidate.interview.completed"]);
      const plain = newEvent("candidate.interview.completed");
      const extended = newEvent("candidate.interview.completed.extended", {
        storeEvenWithoutDeliveries: false,
      });
      const outcome = await publishEvents(store, account.id, [plain, extended]);
      expect(outcome).toEqual({
        kind: "published",
        events: [{ id: plain.id, type: "candidate.interview.completed", deliveryCount: 1 }],
      });
      expect(await store.getEvent(account.id, extended.id)).toBeUndefined();
      expect(await store.getEvent(account.id, plain.id)).toBeDefined();
    });

    it("stores and fans out a derived event when someone subscribes, or when it must be stored anyway", async (store) => {
      const { account, endpoint: extendedOnly } = await givenAccountWithEndpoint(store, [
        "candidate.interview.completed.extended",
      ]);
      const plain = newEvent("candidate.interview.completed");
      const extended = newEvent("candidate.interview.completed.extended", {
        storeEvenWithoutDeliveries: false,
        body: utf8('{"data":{"responses":["Oui, à Lyon"]}}'),
      });
      const alwaysKept = newEvent("credits.low", { storeEvenWithoutDeliveries: true });
      const outcome = await publishEvents(store, account.id, [plain, extended, alwaysKept]);
      expect(outcome).toEqual({
        kind: "published",
        events: [
          { id: plain.id, type: "candidate.interview.completed", deliveryCount: 0 },
          { id: extended.id, type: "candidate.interview.completed.extended", deliveryCount: 1 },
          { id: alwaysKept.id, type: "credits.low", deliveryCount: 0 },
        ],
      });
      expectSameBytes((await store.getEvent(account.id, extended.id))?.body, extended.body);
      expect(await store.getEvent(account.id, alwaysKept.id)).toBeDefined();
      const [delivery] = await store.listDeliveries(account.id, { limit: 10 });
      expect(delivery).toMatchObject({ eventId: extended.id, endpointId: extendedOnly.id });
    });

    it("follows endpoint changes: new event types, disabling, re-enabling, deleting", async (store) => {
      const { account, endpoint } = await givenAccountWithEndpoint(store);
      expect((await publishOne(store, account.id, "candidate.added")).deliveryCount).toBe(0);

      await store.updateEndpoint(account.id, endpoint.id, { eventTypes: ["candidate.added"] }, T0 + 1);
      expect((await publishOne(store, account.id, "candidate.added")).deliveryCount).toBe(1);
      expect((await publishOne(store, account.id, "campaign.created")).deliveryCount).toBe(0);

      await store.updateEndpoint(account.id, endpoint.id, { enabled: false }, T0 + 2);
      expect((await publishOne(store, account.id, "candidate.added")).deliveryCount).toBe(0);

      await store.updateEndpoint(account.id, endpoint.id, { enabled: true }, T0 + 3);
      expect((await publishOne(store, account.id, "candidate.added")).deliveryCount).toBe(1);

      await store.deleteEndpoint(account.id, endpoint.id, T0 + 4);
      expect((await publishOne(store, account.id, "candidate.added")).deliveryCount).toBe(0);
    });

    it("publishes nothing and changes nothing when the transaction fails half way", async (store) => {
      const { account } = await givenAccountWithEndpoint(store);
      const first = newEvent("campaign.created");
      const reusedId = newEvent("campaign.created", { id: first.id });
      await expect(
        store.publish({
          accountId: account.id,
          idempotencyKey: "k",
          events: [first, reusedId],
          campaignId: null,
          now: T0,
        }),
      ).rejects.toThrow();
      expect(await store.getEvent(account.id, first.id)).toBeUndefined();
      expect(await store.countDeliveriesByStatus()).toEqual({ pending: 0, succeeded: 0, failed: 0 });
      const retried = await store.publish({
        accountId: account.id,
        idempotencyKey: "k",
        events: [first],
        campaignId: null,
        now: T0,
      });
      expect(retried.kind).toBe("published");
    });
  });
}
