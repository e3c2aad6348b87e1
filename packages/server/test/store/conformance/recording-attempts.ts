import { expect } from "vitest";
import type { ClaimedDelivery, Store } from "../../../src/store/port.js";
import { claimAll, httpFailureOf, LEASE_MS, resultOf } from "./claim-fixtures.js";
import { givenAccountWithEndpoint, givenOnePendingDelivery, publishOne, T0 } from "./fixtures.js";
import { describeWithFreshStores, type MakeStore } from "./harness.js";

async function claimOne(store: Store, workerId: string, now: number): Promise<ClaimedDelivery> {
  const claimed = await claimAll(store, workerId, now);
  expect(claimed).toHaveLength(1);
  const [one] = claimed;
  if (one === undefined) throw new Error("conformance: nothing claimed");
  return one;
}

export function describeRecordingAttempts(makeStore: MakeStore): void {
  describeWithFreshStores("recording attempt results", makeStore, (it) => {
    it("a success finishes the delivery and logs the attempt exactly", async (store) => {
      const { account, deliveryId } = await givenOnePendingDelivery(store);
      const claimed = await claimOne(store, "w1", T0);
      const result = resultOf("w1", claimed, {
        startedAt: T0 + 10,
        statusCode: 204,
        next: { status: "succeeded" },
      });
      await store.recordAttemptResults([result]);

      const delivery = await store.getDelivery(account.id, deliveryId);
      expect(delivery).toMatchObject({
        status: "succeeded",
        attemptCount: 1,
        nextAttemptAt: null,
        lastStatusCode: 204,
        lastErrorKind: null,
      });
      expect(delivery?.updatedAt).toBeGreaterThanOrEqual(T0 + 10);
      expect(await store.listAttempts(account.id, deliveryId)).toEqual([result.attempt]);
      expect(await claimAll(store, "w2", T0 + 10 * LEASE_MS)).toEqual([]);
    });

    it("a retry keeps it pending until nextAttemptAt, releases the lease, and counts the attempt", async (store) => {
      const { account, deliveryId } = await givenOnePendingDelivery(store);
      const first = await claimOne(store, "w1", T0);
      await store.recordAttemptResults([
        httpFailureOf("w1", first, T0, 503, { status: "pending", nextAttemptAt: T0 + 1_000 }),
      ]);
      expect(await store.getDelivery(account.id, deliveryId)).toMatchObject({
        status: "pending",
        attemptCount: 1,
        nextAttemptAt: T0 + 1_000,
        lastStatusCode: 503,
        lastErrorKind: "http_status",
      });
      expect(await claimAll(store, "w2", T0 + 999)).toEqual([]);
      // Due again well before w1's lease (T0 + LEASE_MS) would have expired: the result released it.
      const second = await claimOne(store, "w2", T0 + 1_000);
      expect(second.attemptNumber).toBe(2);
    });

    it("a final failure fails the delivery for good", async (store) => {
      const { account, deliveryId } = await givenOnePendingDelivery(store);
      const claimed = await claimOne(store, "w1", T0);
      await store.recordAttemptResults([
        resultOf("w1", claimed, {
          startedAt: T0,
          statusCode: null,
          errorKind: "connection_refused",
          next: { status: "failed" },
        }),
      ]);
      expect(await store.getDelivery(account.id, deliveryId)).toMatchObject({
        status: "failed",
        attemptCount: 1,
        nextAttemptAt: null,
        lastStatusCode: null,
        lastErrorKind: "connection_refused",
      });
      expect(await claimAll(store, "w1", T0 + 10 * LEASE_MS)).toEqual([]);
    });

    it("walks a full retry schedule: attempt numbers 1..4, attempts listed oldest first", async (store) => {
      const { account, deliveryId } = await givenOnePendingDelivery(store);
      const dueTimes = [T0, T0 + 1_000, T0 + 6_000, T0 + 30_000];
      const recorded = [];
      for (const [index, now] of dueTimes.entries()) {
        const claimed = await claimOne(store, `w${index}`, now);
        expect(claimed.attemptNumber).toBe(index + 1);
        const nextDue = dueTimes[index + 1];
        const result = resultOf(`w${index}`, claimed, {
          startedAt: now,
          statusCode: 500,
          errorKind: "http_status",
          next: nextDue === undefined ? { status: "failed" } : { status: "pending", nextAttemptAt: nextDue },
        });
        await store.recordAttemptResults([result]);
        recorded.push(result.attempt);
      }
      expect(await store.listAttempts(account.id, deliveryId)).toEqual(recorded);
      expect(await store.getDelivery(account.id, deliveryId)).toMatchObject({
        status: "failed",
        attemptCount: 4,
      });
    });

    it("records many results in one call, each moving its own delivery", async (store) => {
      const { account } = await givenAccountWithEndpoint(store);
      for (let i = 0; i < 3; i++) await publishOne(store, account.id, "campaign.created", T0 + i);
      const [a, b, c] = await claimAll(store, "w1", T0 + 10);
      if (a === undefined || b === undefined || c === undefined)
        throw new Error("conformance: expected 3 claims");
      await store.recordAttemptResults([
        resultOf("w1", a, { startedAt: T0 + 20, next: { status: "succeeded" } }),
        httpFailureOf("w1", b, T0 + 20, 429, { status: "pending", nextAttemptAt: T0 + 500 }),
        httpFailureOf("w1", c, T0 + 20, 410, { status: "failed" }),
      ]);
      const statusOf = async (id: string) => (await store.getDelivery(account.id, id))?.status;
      expect([
        await statusOf(a.deliveryId),
        await statusOf(b.deliveryId),
        await statusOf(c.deliveryId),
      ]).toEqual(["succeeded", "pending", "failed"]);
      expect(await store.countDeliveriesByStatus()).toEqual({ pending: 1, succeeded: 1, failed: 1 });
    });

    it("records a group larger than one statement carries: every delivery moved, every attempt logged", async (store) => {
      const { account } = await givenAccountWithEndpoint(store);
      for (let i = 0; i < 150; i++) await publishOne(store, account.id, "campaign.created", T0 + i);
      const claimed = await claimAll(store, "w1", T0 + 500);
      expect(claimed).toHaveLength(150);
      const results = claimed.map((c, i) =>
        i % 3 === 0
          ? resultOf("w1", c, { startedAt: T0 + 600, statusCode: 200, next: { status: "succeeded" } })
          : i % 3 === 1
            ? httpFailureOf("w1", c, T0 + 600, 503, { status: "pending", nextAttemptAt: T0 + 5_000 + i })
            : httpFailureOf("w1", c, T0 + 600, 410, { status: "failed" }),
      );
      expect(await store.recordAttemptResults(results)).toEqual({ missingDeliveryIds: [] });
      expect(await store.countDeliveriesByStatus()).toEqual({ pending: 50, succeeded: 50, failed: 50 });
      for (const i of [0, 1, 2, 64, 65, 127, 128, 149]) {
        const claim = claimed[i];
        const result = results[i];
        if (claim === undefined || result === undefined) throw new Error("conformance: expected a claim");
        expect(await store.getDelivery(account.id, claim.deliveryId)).toMatchObject({
          status: result.next.status,
          attemptCount: 1,
          nextAttemptAt: result.next.status === "pending" ? T0 + 5_000 + i : null,
          lastStatusCode: result.attempt.statusCode,
        });
        expect(await store.listAttempts(account.id, claim.deliveryId)).toEqual([result.attempt]);
      }
    });

    it("two results of one delivery in one call: both attempts are logged, the first moves it", async (store) => {
      const { account, deliveryId } = await givenOnePendingDelivery(store);
      const claimed = await claimOne(store, "w1", T0);
      const first = httpFailureOf("w1", claimed, T0, 503, { status: "pending", nextAttemptAt: T0 + 1_000 });
      const second = resultOf("w1", claimed, {
        startedAt: T0 + 100,
        statusCode: 200,
        next: { status: "succeeded" },
      });
      await store.recordAttemptResults([first, second]);
      expect(await store.getDelivery(account.id, deliveryId)).toMatchObject({
        status: "pending",
        attemptCount: 1,
        nextAttemptAt: T0 + 1_000,
        lastStatusCode: 503,
      });
      expect(await store.listAttempts(account.id, deliveryId)).toEqual([first.attempt, second.attempt]);
    });

    it("a worker that lost its lease gets its attempt logged but does not move the delivery", async (store) => {
      const { account, deliveryId } = await givenOnePendingDelivery(store);
      const stale = await claimOne(store, "slow", T0);
      const fresh = await claimOne(store, "fast", T0 + LEASE_MS + 1);
      expect(fresh.attemptNumber).toBe(1);
      const before = await store.getDelivery(account.id, deliveryId);

      const staleResult = resultOf("slow", stale, {
        startedAt: T0,
        statusCode: 200,
        next: { status: "succeeded" },
      });
      await store.recordAttemptResults([staleResult]);
      expect(await store.getDelivery(account.id, deliveryId)).toEqual(before);
      expect(await store.listAttempts(account.id, deliveryId)).toEqual([staleResult.attempt]);
      // The fast worker still holds its lease.
      expect(await claimAll(store, "third", T0 + LEASE_MS + 2)).toEqual([]);

      const freshResult = resultOf("fast", fresh, {
        startedAt: T0 + LEASE_MS + 5,
        statusCode: 201,
        next: { status: "succeeded" },
      });
      await store.recordAttemptResults([freshResult]);
      expect(await store.getDelivery(account.id, deliveryId)).toMatchObject({
        status: "succeeded",
        attemptCount: 1,
        lastStatusCode: 201,
      });
      expect(await store.listAttempts(account.id, deliveryId)).toEqual([
        staleResult.attempt,
        freshResult.attempt,
      ]);
    });

    it("an empty batch of results is accepted and changes nothing", async (store) => {
      const { account, deliveryId } = await givenOnePendingDelivery(store);
      const before = await store.getDelivery(account.id, deliveryId);
      await store.recordAttemptResults([]);
      expect(await store.getDelivery(account.id, deliveryId)).toEqual(before);
    });
  });
}
