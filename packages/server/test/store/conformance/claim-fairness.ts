import { expect } from "vitest";
import type { ClaimInput, Store } from "../../../src/store/port.js";
import { claimAll, LEASE_MS, resultOf } from "./claim-fixtures.js";
import {
  givenAccountWithEndpoint,
  givenEndpoint,
  newEvent,
  publishEvents,
  publishOne,
  T0,
} from "./fixtures.js";
import { describeWithFreshStores, type MakeStore } from "./harness.js";

/** Publishes `count` events of `type` in one call (one delivery each per subscriber), due at `now`. */
async function publishMany(store: Store, accountId: string, type: string, count: number, now = T0) {
  const events = Array.from({ length: count }, () => newEvent(type));
  const outcome = await publishEvents(store, accountId, events, now);
  expect(outcome.kind).toBe("published");
}

function claim(store: Store, input: Partial<ClaimInput> & { now: number }) {
  return store.claimDueDeliveries({ workerId: "w1", leaseMs: LEASE_MS, limit: 100, ...input });
}

/** Endpoint isolation in claims: per-endpoint caps, exclusions, disabled endpoints, releases. */
export function describeClaimFairness(makeStore: MakeStore): void {
  describeWithFreshStores("claiming fairly across endpoints", makeStore, (it) => {
    it("takes at most maxPerEndpoint per endpoint, each endpoint's oldest, the batch in due order", async (store) => {
      const { account, endpoint: a } = await givenAccountWithEndpoint(store);
      const b = await givenEndpoint(store, account.id, ["candidate.added"]);
      const aEvents = [];
      for (let i = 0; i < 5; i++)
        aEvents.push(await publishOne(store, account.id, "campaign.created", T0 + i));
      const bEvents = [];
      for (let i = 0; i < 2; i++)
        bEvents.push(await publishOne(store, account.id, "candidate.added", T0 + 10 + i));

      const claimed = await claim(store, { now: T0 + 100, limit: 4, maxPerEndpoint: 2 });
      expect(claimed.map((c) => c.eventId)).toEqual([
        aEvents[0]?.eventId,
        aEvents[1]?.eventId,
        bEvents[0]?.eventId,
        bEvents[1]?.eventId,
      ]);
      expect(claimed.filter((c) => c.endpointId === a.id)).toHaveLength(2);
      expect(claimed.filter((c) => c.endpointId === b.id)).toHaveLength(2);
      // The rest of A is there for the next claim, oldest first.
      const next = await claim(store, { workerId: "w2", now: T0 + 100, limit: 10, maxPerEndpoint: 2 });
      expect(next.map((c) => c.eventId)).toEqual([aEvents[2]?.eventId, aEvents[3]?.eventId]);
    });

    it("leaves the excluded endpoints' deliveries pending for a later claim", async (store) => {
      const { account, endpoint: a } = await givenAccountWithEndpoint(store);
      const b = await givenEndpoint(store, account.id, ["candidate.added"]);
      await publishOne(store, account.id, "campaign.created", T0);
      const forB = await publishOne(store, account.id, "candidate.added", T0 + 1);

      const claimed = await claim(store, { now: T0 + 10, excludeEndpointIds: [a.id, "ep_unknown"] });
      expect(claimed.map((c) => c.eventId)).toEqual([forB.eventId]);
      const later = await claim(store, { workerId: "w2", now: T0 + 10, excludeEndpointIds: [b.id] });
      expect(later.map((c) => c.endpointId)).toEqual([a.id]);
    });

    it("never claims for a disabled endpoint, and claims its deliveries again once it is enabled", async (store) => {
      const { account, endpoint } = await givenAccountWithEndpoint(store);
      const { eventId } = await publishOne(store, account.id, "campaign.created", T0);
      await store.updateEndpoint(account.id, endpoint.id, { enabled: false }, T0 + 1);

      expect(await claimAll(store, "w1", T0 + 10)).toEqual([]);
      const [delivery] = await store.listDeliveries(account.id, { limit: 1, eventId });
      expect(delivery).toMatchObject({ status: "pending", attemptCount: 0 });

      await store.updateEndpoint(account.id, endpoint.id, { enabled: true }, T0 + 20);
      expect((await claimAll(store, "w1", T0 + 30)).map((c) => c.eventId)).toEqual([eventId]);
    });

    it("finds the due deliveries behind a large backlog of excluded or disabled endpoints", async (store) => {
      const { account, endpoint: clogged } = await givenAccountWithEndpoint(store);
      const healthy = await givenEndpoint(store, account.id, ["candidate.added"]);
      await publishMany(store, account.id, "campaign.created", 1500, T0); // due first, in the way
      const behind = [];
      for (let i = 0; i < 3; i++)
        behind.push(await publishOne(store, account.id, "candidate.added", T0 + 1 + i));
      const behindIds = behind.map((e) => e.eventId);

      const excluding = await claim(store, { now: T0 + 10, limit: 10, excludeEndpointIds: [clogged.id] });
      expect(excluding.map((c) => c.eventId)).toEqual(behindIds);
      await store.releaseClaims(
        "w1",
        excluding.map((c) => c.deliveryId),
      );

      // Capped, the backlog gives its share and the endpoint behind it gets the rest of the batch.
      const capped = await claim(store, { now: T0 + 10, limit: 6, maxPerEndpoint: 3 });
      expect(capped.filter((c) => c.endpointId === clogged.id)).toHaveLength(3);
      expect(capped.filter((c) => c.endpointId === healthy.id).map((c) => c.eventId)).toEqual(behindIds);
      await store.releaseClaims(
        "w1",
        capped.map((c) => c.deliveryId),
      );

      await store.updateEndpoint(account.id, clogged.id, { enabled: false }, T0 + 5);
      const disabledInTheWay = await claim(store, { now: T0 + 10, limit: 10 });
      expect(disabledInTheWay.map((c) => c.eventId)).toEqual(behindIds);
    });

    it("releaseClaims gives back only the holder's named claims, due again at once for any worker", async (store) => {
      const { account } = await givenAccountWithEndpoint(store);
      for (let i = 0; i < 3; i++) await publishOne(store, account.id, "campaign.created", T0 + i);
      const [first, second, third] = await claimAll(store, "w1", T0 + 10);
      if (first === undefined || second === undefined || third === undefined) throw new Error("expected 3");

      await store.releaseClaims("w1", [first.deliveryId, "dlv_unknown"]);
      await store.releaseClaims("w2", [second.deliveryId]); // not w2's: ignored
      await store.releaseClaims("w1", []);
      const retaken = await claimAll(store, "w3", T0 + 11);
      expect(retaken.map((c) => c.deliveryId)).toEqual([first.deliveryId]);
      expect(retaken[0]?.attemptNumber).toBe(1);

      // The released holder's late result only logs its attempt: the delivery is w3's now.
      await store.recordAttemptResults([
        resultOf("w1", first, { startedAt: T0 + 12, statusCode: 200, next: { status: "succeeded" } }),
      ]);
      expect(await store.getDelivery(account.id, first.deliveryId)).toMatchObject({
        status: "pending",
        attemptCount: 0,
      });
    });
  });
}
