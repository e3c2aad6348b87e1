import { expect } from "vitest";
import { newId } from "../../../src/domain/ids.js";
import type { EpochMs } from "../../../src/domain/types.js";
import type { ClaimedDelivery, Store } from "../../../src/store/port.js";
import { claimAll, finishAll, resultOf } from "./claim-fixtures.js";
import { givenAccount, givenEndpoint, newEvent, T0 } from "./fixtures.js";
import { describeWithFreshStores, type MakeStore } from "./harness.js";

const TYPE = "candidate.added";

/** Publishes one event per candidate given, in this order, each in a call of its own at `now`. */
async function publishFor(
  store: Store,
  accountId: string,
  candidates: readonly (string | null)[],
  now: EpochMs,
) {
  const ids: string[] = [];
  for (const candidateId of candidates) {
    const event = newEvent(TYPE, { candidateId });
    await store.publish({ accountId, idempotencyKey: null, events: [event], campaignId: null, now });
    ids.push(event.id);
  }
  return ids;
}

/** The delivery ids of these events, in the same order. */
async function deliveriesOf(store: Store, accountId: string, eventIds: readonly string[]) {
  const all = await store.listDeliveries(accountId, { limit: 1_000 });
  return eventIds.map((eventId) => all.find((d) => d.eventId === eventId)?.id ?? "missing");
}

function record(
  store: Store,
  workerId: string,
  claimed: ClaimedDelivery,
  at: EpochMs,
  ok: boolean,
  retryAt?: EpochMs,
) {
  return store.recordAttemptResults([
    resultOf(workerId, claimed, {
      startedAt: at,
      statusCode: ok ? 200 : 500,
      errorKind: ok ? null : "http_status",
      next: ok
        ? { status: "succeeded" }
        : retryAt === undefined
          ? { status: "failed" }
          : { status: "pending", nextAttemptAt: retryAt },
    }),
  ]);
}

const ids = (claimed: readonly ClaimedDelivery[]) => claimed.map((c) => c.deliveryId).sort();

async function orderedSetup(store: Store, candidates: readonly (string | null)[]) {
  const account = await givenAccount(store);
  const endpoint = await givenEndpoint(store, account.id, [TYPE], { ordering: "candidate" });
  const events = await publishFor(store, account.id, candidates, T0);
  return { account, endpoint, deliveries: await deliveriesOf(store, account.id, events) };
}

/** Ordered delivery per key (`DeliveryQueueStore`, `domain/order-head.ts`). */
export function describeOrderedDelivery(makeStore: MakeStore): void {
  describeWithFreshStores("ordered delivery per key", makeStore, (it) => {
    it("lets one delivery per key through, in publish order, across retries; other keys flow meanwhile", async (store) => {
      const { account, deliveries } = await orderedSetup(store, ["c1", "c1", "c2", "c1", "c2"]);
      const [a1, a2, b1, a3, b2] = deliveries as [string, string, string, string, string];
      const first = await claimAll(store, "w", T0);
      expect(ids(first)).toEqual([a1, b1].sort());
      const held = await store.getDelivery(account.id, a2);
      expect(held).toMatchObject({
        status: "pending",
        nextAttemptAt: null,
        waitingFor: { deliveryId: a1, orderingKey: "c1" },
      });
      expect((await store.getDelivery(account.id, a1))?.waitingFor).toBeUndefined();
      const claimedA1 = first.find((c) => c.deliveryId === a1) as ClaimedDelivery;
      const claimedB1 = first.find((c) => c.deliveryId === b1) as ClaimedDelivery;
      await record(store, "w", claimedA1, T0 + 1, false, T0 + 100);
      await record(store, "w", claimedB1, T0 + 1, true);
      // c1 waits for its first delivery's retry; c2's next one goes at once.
      expect(ids(await claimAll(store, "w", T0 + 50))).toEqual([b2]);
      const retry = await claimAll(store, "w", T0 + 100);
      expect(ids(retry)).toEqual([a1]);
      await record(store, "w", retry[0] as ClaimedDelivery, T0 + 101, false, T0 + 200);
      const third = await claimAll(store, "w", T0 + 200);
      expect(ids(third)).toEqual([a1]);
      await record(store, "w", third[0] as ClaimedDelivery, T0 + 201, true);
      // Let through when the attempt ended (it took 12 ms).
      expect(await claimAll(store, "w", T0 + 201)).toEqual([]);
      const next = await claimAll(store, "w", T0 + 213);
      expect(ids(next)).toEqual([a2]);
      expect((await store.getDelivery(account.id, a3))?.waitingFor).toEqual({
        deliveryId: a2,
        orderingKey: "c1",
      });
      // A final failure lets the next one through too.
      await record(store, "w", next[0] as ClaimedDelivery, T0 + 202, false);
      expect(ids(await claimAll(store, "w", T0 + 300))).toEqual([a3]);
    });

    it("keeps the head leased while its lease lasts; after it expires the head, not a follower, is claimed again", async (store) => {
      const { deliveries } = await orderedSetup(store, ["c1", "c1"]);
      expect(ids(await claimAll(store, "w1", T0))).toEqual([deliveries[0]]);
      expect(await claimAll(store, "w2", T0 + 1)).toEqual([]);
      expect(ids(await claimAll(store, "w2", T0 + 60_000))).toEqual([deliveries[0]]);
    });

    it("does not order events without the key, nor deliveries of an unordered endpoint", async (store) => {
      const account = await givenAccount(store);
      await givenEndpoint(store, account.id, [TYPE], { ordering: "candidate" });
      const plain = await givenEndpoint(store, account.id, [TYPE], { id: newId("ep", T0 + 1) });
      const events = await publishFor(store, account.id, ["c1", "c1", null, null], T0);
      const claimed = await claimAll(store, "w", T0);
      // Ordered endpoint: c1's first and both keyless ones; unordered endpoint: all four.
      expect(claimed.filter((c) => c.endpointId === plain.id)).toHaveLength(4);
      expect(
        claimed
          .filter((c) => c.endpointId !== plain.id)
          .map((c) => c.eventId)
          .sort(),
      ).toEqual([events[0], events[2], events[3]].sort());
      const listed = await store.listDeliveries(account.id, { limit: 100, endpointId: plain.id });
      expect(listed.every((d) => d.waitingFor === undefined && d.nextAttemptAt === T0)).toBe(true);
    });

    it("an unordered endpoint is not held back by a failing earlier delivery of the same candidate", async (store) => {
      const account = await givenAccount(store);
      await givenEndpoint(store, account.id, [TYPE]);
      await publishFor(store, account.id, ["c1"], T0);
      const [first] = await claimAll(store, "w", T0);
      await record(store, "w", first as ClaimedDelivery, T0, false, T0 + 1_000);
      await publishFor(store, account.id, ["c1"], T0 + 1);
      expect(await claimAll(store, "w", T0 + 1)).toHaveLength(1);
    });

    it("orders the events of one publish call by their position", async (store) => {
      const account = await givenAccount(store);
      await givenEndpoint(store, account.id, [TYPE], { ordering: "campaign" });
      const events = [1, 2, 3].map(() => newEvent(TYPE, { campaignId: "k1" }));
      await store.publishMany(
        events.map((event) => ({
          accountId: account.id,
          idempotencyKey: null,
          events: [event],
          campaignId: "k1",
          now: T0,
        })),
      );
      const order: string[] = [];
      for (let step = 0; step < 3; step++) {
        const claimed = await claimAll(store, "w", T0 + step * 100);
        expect(claimed).toHaveLength(1);
        order.push((claimed[0] as ClaimedDelivery).eventId);
        await record(store, "w", claimed[0] as ClaimedDelivery, T0 + step * 100, true);
      }
      expect(order).toEqual(events.map((event) => event.id));
    });

    it("a resent delivery takes its place back: a later one let through meanwhile waits for it again", async (store) => {
      const { account, deliveries } = await orderedSetup(store, ["c1", "c1", "c1"]);
      const [a1, a2, a3] = deliveries as [string, string, string];
      await finishAll(store, T0, "failed"); // a1 fails for good: a2 is let through
      expect((await store.getDelivery(account.id, a2))?.nextAttemptAt).toBe(T0 + 12);
      const resent = await store.resendDelivery(account.id, a1, T0 + 50);
      expect(resent).toMatchObject({ kind: "resent", delivery: { id: a1, nextAttemptAt: T0 + 50 } });
      expect(await store.getDelivery(account.id, a2)).toMatchObject({
        nextAttemptAt: null,
        waitingFor: { deliveryId: a1 },
      });
      const claimed = await claimAll(store, "w", T0 + 50);
      expect(ids(claimed)).toEqual([a1]);
      await record(store, "w", claimed[0] as ClaimedDelivery, T0 + 51, true);
      expect(ids(await claimAll(store, "w", T0 + 100))).toEqual([a2]);
      expect((await store.getDelivery(account.id, a3))?.waitingFor?.deliveryId).toBe(a2);
    });

    it("a delivery resent while a later one of its key is in flight waits for that one's outcome, then goes first", async (store) => {
      const { account, deliveries } = await orderedSetup(store, ["c1", "c1", "c1"]);
      const [a1, a2, a3] = deliveries as [string, string, string];
      await finishAll(store, T0, "failed");
      const inFlight = await claimAll(store, "w", T0 + 20);
      expect(ids(inFlight)).toEqual([a2]);
      const resent = await store.resendDelivery(account.id, a1, T0 + 30);
      expect(resent).toMatchObject({
        kind: "resent",
        delivery: { nextAttemptAt: null, waitingFor: { deliveryId: a2 } },
      });
      expect(await claimAll(store, "w2", T0 + 30)).toEqual([]);
      // a2 fails with a retry: a1 (earlier) goes before a2's retry and a3.
      await record(store, "w", inFlight[0] as ClaimedDelivery, T0 + 31, false, T0 + 40);
      expect(ids(await claimAll(store, "w", T0 + 100))).toEqual([a1]);
      expect(await store.getDelivery(account.id, a3)).toMatchObject({
        nextAttemptAt: null,
        waitingFor: { deliveryId: a1 },
      });
    });

    it("a recovery puts failed deliveries back in publish order", async (store) => {
      const { account, endpoint, deliveries } = await orderedSetup(store, ["c1", "c1", "c1"]);
      for (let step = 0; step < 3; step++) await finishAll(store, T0 + step * 100, "failed");
      const after = await store.listDeliveries(account.id, { limit: 10, status: "failed" });
      expect(after).toHaveLength(3);
      const recovery = await store.startRecovery({
        id: newId("rcv", T0),
        accountId: account.id,
        endpointId: endpoint.id,
        since: T0 - 10_000,
        until: T0 + 10_000,
        now: T0 + 1_000,
      });
      await store.advanceRecovery(account.id, recovery?.id ?? "", 100, T0 + 1_000);
      const order: string[] = [];
      for (let step = 0; step < 3; step++) {
        const claimed = await claimAll(store, "w", T0 + 2_000 + step * 100);
        expect(claimed).toHaveLength(1);
        order.push((claimed[0] as ClaimedDelivery).deliveryId);
        await record(store, "w", claimed[0] as ClaimedDelivery, T0 + 2_000 + step * 100, true);
      }
      expect(order).toEqual(deliveries);
    });

    it("a change of ordering applies to deliveries fanned out after it", async (store) => {
      const account = await givenAccount(store);
      const endpoint = await givenEndpoint(store, account.id, [TYPE]);
      await publishFor(store, account.id, ["c1", "c1"], T0);
      const updated = await store.updateEndpoint(account.id, endpoint.id, { ordering: "candidate" }, T0 + 1);
      expect(updated?.ordering).toBe("candidate");
      expect((await store.getEndpoint(account.id, endpoint.id))?.ordering).toBe("candidate");
      await publishFor(store, account.id, ["c1", "c1"], T0 + 2);
      // The two earlier ones are unordered; of the later two only the first is let through.
      expect(await claimAll(store, "w", T0 + 2)).toHaveLength(3);
      const cleared = await store.updateEndpoint(account.id, endpoint.id, { ordering: null }, T0 + 3);
      expect(cleared?.ordering).toBeUndefined();
    });
  });
}
