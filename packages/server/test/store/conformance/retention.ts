import { expect } from "vitest";
import type { EpochMs } from "../../../src/domain/types.js";
import type { RetentionBatchOutcome, Store } from "../../../src/store/port.js";
import { claimAll, LEASE_MS, resultOf } from "./claim-fixtures.js";
import {
  givenAccount,
  givenAccountWithEndpoint,
  givenEndpoint,
  newEvent,
  publishOne,
  T0,
} from "./fixtures.js";
import { describeWithFreshStores, type MakeStore } from "./harness.js";

const DAY = 86_400_000;
/** Everything published at T0 is expired at this cutoff; what is published from T0 + 2 days is not. */
const CUTOFF = T0 + DAY;

/** Claims every due delivery at `now` and records each as `outcome`; answers how many. */
async function finishAllDue(store: Store, now: EpochMs, outcome: "succeeded" | "failed"): Promise<number> {
  const claimed = await claimAll(store, "w", now);
  await store.recordAttemptResults(
    claimed.map((c) =>
      resultOf("w", c, {
        startedAt: now,
        statusCode: outcome === "succeeded" ? 200 : 500,
        errorKind: outcome === "succeeded" ? null : "http_status",
        next: { status: outcome },
      }),
    ),
  );
  return claimed.length;
}

/** Calls `deleteExpired` until it says nothing is left (bounded), summing what it removed. */
async function expireAll(store: Store, olderThan: EpochMs, batchSize = 500) {
  const total = { deliveries: 0, attempts: 0, events: 0, idempotencyKeys: 0, calls: 0 };
  for (let call = 0; call < 100; call++) {
    const batch: RetentionBatchOutcome = await store.deleteExpired({ olderThan, batchSize });
    total.calls++;
    total.deliveries += batch.deliveries;
    total.attempts += batch.attempts;
    total.events += batch.events;
    total.idempotencyKeys += batch.idempotencyKeys;
    if (!batch.more) return total;
  }
  throw new Error("conformance: deleteExpired still had more after 100 calls");
}

export function describeRetention(makeStore: MakeStore): void {
  describeWithFreshStores("retention (deleteExpired)", makeStore, (it) => {
    it("deletes old succeeded deliveries with their attempts and events, of every account, and keeps newer ones", async (store) => {
      const acme = await givenAccount(store);
      const globex = await givenAccount(store, { name: "Globex" });
      await givenEndpoint(store, acme.id, ["campaign.created"]);
      await givenEndpoint(store, acme.id, ["campaign.created"]);
      await givenEndpoint(store, globex.id, ["campaign.created"]);
      const oldAcme = await publishOne(store, acme.id, "campaign.created", T0);
      const oldGlobex = await publishOne(store, globex.id, "campaign.created", T0);
      const recent = await publishOne(store, acme.id, "campaign.created", T0 + 2 * DAY);
      expect(await finishAllDue(store, T0 + 2 * DAY, "succeeded")).toBe(5);
      const [oldDelivery] = await store.listDeliveries(acme.id, { limit: 10, eventId: oldAcme.eventId });
      if (oldDelivery === undefined) throw new Error("conformance: no delivery");

      const removed = await store.deleteExpired({ olderThan: CUTOFF, batchSize: 500 });

      expect(removed).toEqual({ deliveries: 3, attempts: 3, events: 2, idempotencyKeys: 0, more: false });
      expect(await store.getEvent(acme.id, oldAcme.eventId)).toBeUndefined();
      expect(await store.getEvent(globex.id, oldGlobex.eventId)).toBeUndefined();
      expect(await store.getDelivery(acme.id, oldDelivery.id)).toBeUndefined();
      expect(await store.listAttempts(acme.id, oldDelivery.id)).toEqual([]);
      expect(await store.listDeliveries(globex.id, { limit: 10 })).toEqual([]);

      expect(await store.getEvent(acme.id, recent.eventId)).toBeDefined();
      const kept = await store.listDeliveries(acme.id, { limit: 10 });
      expect(kept.map((d) => [d.eventId, d.status])).toEqual([
        [recent.eventId, "succeeded"],
        [recent.eventId, "succeeded"],
      ]);
      for (const delivery of kept) expect(await store.listAttempts(acme.id, delivery.id)).toHaveLength(1);
      expect(await store.countDeliveriesByStatus()).toEqual({ pending: 0, succeeded: 2, failed: 0 });
    });

    it("deletes old failed deliveries (never recovered) like succeeded ones, and keeps recent failures", async (store) => {
      const { account } = await givenAccountWithEndpoint(store, ["candidate.added"]);
      const oldFailure = await publishOne(store, account.id, "candidate.added", T0);
      expect(await finishAllDue(store, T0, "failed")).toBe(1);
      const recentFailure = await publishOne(store, account.id, "candidate.added", T0 + 2 * DAY);
      expect(await finishAllDue(store, T0 + 2 * DAY, "failed")).toBe(1);

      expect(await expireAll(store, CUTOFF)).toMatchObject({ deliveries: 1, attempts: 1, events: 1 });
      expect(await store.getEvent(account.id, oldFailure.eventId)).toBeUndefined();
      const [kept, ...others] = await store.listDeliveries(account.id, { limit: 10 });
      expect(others).toEqual([]);
      expect(kept).toMatchObject({ eventId: recentFailure.eventId, status: "failed" });
    });

    it("never deletes a pending delivery, nor the event it needs, however old; both go once it is finished", async (store) => {
      const { account, endpoint: quick } = await givenAccountWithEndpoint(store, ["candidate.added"]);
      const slow = await givenEndpoint(store, account.id, ["candidate.added"]);
      const { eventId } = await publishOne(store, account.id, "candidate.added", T0);
      const claimed = await claimAll(store, "w", T0);
      expect(claimed).toHaveLength(2);
      await store.recordAttemptResults(
        claimed.map((c) =>
          resultOf("w", c, {
            startedAt: T0,
            ...(c.endpointId === quick.id
              ? { next: { status: "succeeded" } }
              : {
                  statusCode: 503,
                  errorKind: "http_status",
                  next: { status: "pending", nextAttemptAt: T0 + 3 * DAY },
                }),
          }),
        ),
      );

      const first = await expireAll(store, T0 + 2 * DAY);
      expect(first).toMatchObject({ deliveries: 1, attempts: 1, events: 0 });
      expect(await store.getEvent(account.id, eventId)).toBeDefined();
      const [pending] = await store.listDeliveries(account.id, { limit: 10 });
      expect(pending).toMatchObject({ endpointId: slow.id, status: "pending", attemptCount: 1 });
      expect(await store.listAttempts(account.id, pending?.id ?? "")).toHaveLength(1);

      // The retry still works: the delivery, its event bytes and its attempt log are all there.
      const [retry] = await claimAll(store, "w2", T0 + 3 * DAY);
      expect(retry).toMatchObject({ endpointId: slow.id, eventId, attemptNumber: 2 });
      if (retry === undefined) throw new Error("conformance: the pending delivery was not claimable");
      await store.recordAttemptResults([
        resultOf("w2", retry, { startedAt: T0 + 3 * DAY, next: { status: "succeeded" } }),
      ]);
      expect(await expireAll(store, T0 + 2 * DAY)).toMatchObject({ deliveries: 1, attempts: 2, events: 1 });
      expect(await store.getEvent(account.id, eventId)).toBeUndefined();
      expect(await store.countDeliveriesByStatus()).toEqual({ pending: 0, succeeded: 0, failed: 0 });
    });

    it("deletes old events that have no delivery at all (nobody subscribed), and keeps recent ones", async (store) => {
      const account = await givenAccount(store);
      const old = await publishOne(store, account.id, "credits.low", T0);
      const recent = await publishOne(store, account.id, "credits.low", T0 + 2 * DAY);
      expect(old.deliveryCount).toBe(0);

      expect(await expireAll(store, CUTOFF)).toMatchObject({ deliveries: 0, events: 1 });
      expect(await store.getEvent(account.id, old.eventId)).toBeUndefined();
      expect(await store.getEvent(account.id, recent.eventId)).toBeDefined();
    });

    it("expires old idempotency keys: the same key publishes again afterwards, a recent key still deduplicates", async (store) => {
      const account = await givenAccount(store);
      const publish = (key: string, now: EpochMs) =>
        store.publish({
          accountId: account.id,
          idempotencyKey: key,
          events: [newEvent("campaign.created")],
          campaignId: null,
          now,
        });
      expect((await publish("old-key", T0)).kind).toBe("published");
      expect((await publish("recent-key", T0 + 2 * DAY)).kind).toBe("published");

      expect(await expireAll(store, CUTOFF)).toMatchObject({ idempotencyKeys: 1, events: 1 });
      expect((await publish("old-key", T0 + 3 * DAY)).kind).toBe("published");
      expect((await publish("recent-key", T0 + 3 * DAY)).kind).toBe("duplicate");
    });

    it("works in batches of at most batchSize deliveries, saying when more is left", async (store) => {
      const { account } = await givenAccountWithEndpoint(store);
      for (let i = 0; i < 7; i++) await publishOne(store, account.id, "campaign.created", T0 + i);
      expect(await finishAllDue(store, T0 + LEASE_MS, "succeeded")).toBe(7);

      const batches: RetentionBatchOutcome[] = [];
      for (let call = 0; call < 10; call++) {
        const batch = await store.deleteExpired({ olderThan: CUTOFF, batchSize: 3 });
        batches.push(batch);
        if (!batch.more) break;
      }
      expect(batches.map((b) => [b.deliveries, b.attempts, b.events, b.more])).toEqual([
        [3, 3, 3, true],
        [3, 3, 3, true],
        [1, 1, 1, false],
      ]);
      // Oldest first: what is left after a batch is always the newest.
      expect(await store.countDeliveriesByStatus()).toEqual({ pending: 0, succeeded: 0, failed: 0 });
      expect(await store.deleteExpired({ olderThan: CUTOFF, batchSize: 3 })).toEqual({
        deliveries: 0,
        attempts: 0,
        events: 0,
        idempotencyKeys: 0,
        more: false,
      });
    });

    it("deletes the oldest first, and nothing at all with a batch size of 0", async (store) => {
      const { account } = await givenAccountWithEndpoint(store);
      const older = await publishOne(store, account.id, "campaign.created", T0);
      const newer = await publishOne(store, account.id, "campaign.created", T0 + 10);
      expect(await finishAllDue(store, T0 + LEASE_MS, "succeeded")).toBe(2);

      expect(await store.deleteExpired({ olderThan: CUTOFF, batchSize: 0 })).toMatchObject({
        deliveries: 0,
        more: false,
      });
      expect(await store.deleteExpired({ olderThan: CUTOFF, batchSize: 1 })).toMatchObject({
        deliveries: 1,
        events: 1,
        more: true,
      });
      expect(await store.getEvent(account.id, older.eventId)).toBeUndefined();
      expect(await store.getEvent(account.id, newer.eventId)).toBeDefined();
    });

    it("the cutoff is exclusive: a delivery created exactly at olderThan is kept", async (store) => {
      const { account } = await givenAccountWithEndpoint(store);
      await publishOne(store, account.id, "campaign.created", T0);
      expect(await finishAllDue(store, T0, "succeeded")).toBe(1);
      expect(await expireAll(store, T0)).toMatchObject({ deliveries: 0, events: 0 });
      expect(await expireAll(store, T0 + 1)).toMatchObject({ deliveries: 1, events: 1 });
    });
  });
}
