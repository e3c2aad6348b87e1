import { expect } from "vitest";
import { newId } from "../../../src/domain/ids.js";
import type { Store } from "../../../src/store/port.js";
import { claimAll, finishAll } from "./claim-fixtures.js";
import { givenAccount, givenAccountWithEndpoint, givenEndpoint, publishOne, T0 } from "./fixtures.js";
import { describeWithFreshStores, type MakeStore } from "./harness.js";
import { testDelivery } from "./test-delivery-input.js";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Recoveries (bulk re-queues) and the statistics. */
export function describeRecoveriesAndStats(makeStore: MakeStore): void {
  describeWithFreshStores("recoveries and delivery statistics", makeStore, (it) => {
    it("recovers, in batches, exactly the failed real deliveries of the endpoint whose events are in the window", async (store) => {
      const { account, endpoint } = await givenAccountWithEndpoint(store);
      const otherEndpoint = await givenEndpoint(store, account.id, ["campaign.created"]);
      const since = T0 - 10 * HOUR;
      const until = T0 - HOUR;
      // Events that happened at: before the window, 5 inside, at its end (excluded).
      for (const occurredAt of [since - 1, since, since + 1, since + 2, until - 2, until - 1, until]) {
        await publishOne(store, account.id, "campaign.created", T0, { occurredAt });
      }
      await finishAll(store, T0, "failed");
      await publishOne(store, account.id, "campaign.created", T0 + 1, { occurredAt: since + 5 });
      await finishAll(store, T0 + 1, "succeeded");
      await store.recordTestDelivery(testDelivery(account.id, endpoint.id, T0 + 2, false));

      const start = { accountId: account.id, endpointId: endpoint.id, since, until, now: T0 + 10 };
      const recovery = await store.startRecovery({ ...start, id: newId("rcv", T0) });
      expect(recovery).toMatchObject({ endpointId: endpoint.id, status: "running", total: 5, requeued: 0 });
      if (recovery === undefined) throw new Error("conformance: expected a recovery");
      // Idempotent while it runs: the same window answers the same recovery.
      expect(await store.startRecovery({ ...start, id: newId("rcv", T0) })).toEqual(recovery);

      const first = await store.advanceRecovery(account.id, recovery.id, 2, T0 + 20);
      expect(first).toMatchObject({ status: "running", requeued: 2, updatedAt: T0 + 20 });
      const second = await store.advanceRecovery(account.id, recovery.id, 2, T0 + 21);
      const third = await store.advanceRecovery(account.id, recovery.id, 2, T0 + 22);
      expect([second?.requeued, third?.requeued, third?.status]).toEqual([4, 5, "done"]);
      expect(await store.advanceRecovery(account.id, recovery.id, 2, T0 + 23)).toEqual(third);
      expect(await store.getRecovery(account.id, recovery.id)).toEqual(third);

      const pending = await store.listDeliveries(account.id, { limit: 100, status: "pending" });
      expect(pending).toHaveLength(5);
      for (const delivery of pending) {
        expect(delivery.endpointId).toBe(endpoint.id);
        expect(delivery.nextAttemptAt).toBe(delivery.updatedAt); // due at the time of its batch
        expect(delivery.updatedAt).toBeGreaterThanOrEqual(T0 + 20);
      }
      const reclaimed = await claimAll(store, "w", T0 + 30);
      expect(reclaimed.map((c) => [c.attemptNumber, c.retryBudgetStart])).toEqual(Array(5).fill([2, 1]));
      // The other endpoint's failed deliveries were left alone.
      expect(
        await store.listDeliveries(account.id, {
          limit: 100,
          endpointId: otherEndpoint.id,
          status: "failed",
        }),
      ).toHaveLength(7);

      // Done, so a new start of the same window is a new recovery, with nothing left to do.
      const again = await store.startRecovery({ ...start, id: newId("rcv", T0 + 40), now: T0 + 40 });
      expect(again).toMatchObject({ status: "done", total: 0, requeued: 0 });
      expect(again?.id).not.toBe(recovery.id);
    });

    it("a recovery of another account's endpoint or recovery is undefined; a deleted endpoint ends it", async (store) => {
      const account = await givenAccount(store);
      const intruder = await givenAccount(store);
      const endpoint = await givenEndpoint(store, account.id, ["campaign.created"]);
      for (let i = 0; i < 3; i++) await publishOne(store, account.id, "campaign.created", T0);
      await finishAll(store, T0, "failed");
      const start = {
        id: newId("rcv", T0),
        endpointId: endpoint.id,
        since: T0 - HOUR,
        until: T0 + HOUR,
        now: T0,
      };
      expect(await store.startRecovery({ ...start, accountId: intruder.id })).toBeUndefined();
      const recovery = await store.startRecovery({ ...start, accountId: account.id });
      if (recovery === undefined) throw new Error("conformance: expected a recovery");
      expect(await store.getRecovery(intruder.id, recovery.id)).toBeUndefined();
      expect(await store.advanceRecovery(intruder.id, recovery.id, 10, T0 + 1)).toBeUndefined();
      expect(await store.getRecovery(account.id, recovery.id)).toEqual(recovery);
      await store.deleteEndpoint(account.id, endpoint.id, T0 + 2);
      const ended = await store.advanceRecovery(account.id, recovery.id, 10, T0 + 3);
      expect(ended).toMatchObject({ status: "done", requeued: 0 });
      expect(await store.listDeliveries(account.id, { limit: 10, status: "pending" })).toEqual([]);
    });

    it("counts an endpoint's attempts since given times, test deliveries and other endpoints left out", async (store) => {
      const { account, endpoint } = await givenAccountWithEndpoint(store);
      const other = await givenEndpoint(store, account.id, ["candidate.added"]);
      await publishOne(store, account.id, "campaign.created", T0 - 3 * HOUR);
      await finishAll(store, T0 - 3 * HOUR, "failed"); // a day ago: counted in the day only
      await publishOne(store, account.id, "campaign.created", T0 - 10 * MINUTE);
      await publishOne(store, account.id, "campaign.created", T0 - 10 * MINUTE);
      await publishOne(store, account.id, "candidate.added", T0 - 10 * MINUTE);
      await finishAll(store, T0 - 5 * MINUTE, "succeeded");
      await store.recordTestDelivery(testDelivery(account.id, endpoint.id, T0 - MINUTE, true));

      expect(await store.countEndpointAttempts(account.id, endpoint.id, [T0 - HOUR, T0 - 24 * HOUR])).toEqual(
        [
          { attempts: 2, succeeded: 2 },
          { attempts: 3, succeeded: 2 },
        ],
      );
      expect(await store.countEndpointAttempts(account.id, other.id, [T0 - HOUR])).toEqual([
        { attempts: 1, succeeded: 1 },
      ]);
      expect(await store.countEndpointAttempts(account.id, endpoint.id, [T0])).toEqual([
        { attempts: 0, succeeded: 0 },
      ]);
      const intruder = await givenAccount(store);
      expect(await store.countEndpointAttempts(intruder.id, endpoint.id, [T0])).toBeUndefined();
    });

    it("retention removes the attempt counts of expired minutes with their deliveries, and keeps recent ones", async (store) => {
      const { account, endpoint } = await givenAccountWithEndpoint(store);
      await publishOne(store, account.id, "campaign.created", T0 - 3 * HOUR);
      await finishAll(store, T0 - 3 * HOUR, "failed");
      await publishOne(store, account.id, "campaign.created", T0 - 10 * MINUTE);
      await finishAll(store, T0 - 10 * MINUTE, "succeeded");
      const sinceEver = [T0 - 100 * HOUR];
      expect(await store.countEndpointAttempts(account.id, endpoint.id, sinceEver)).toEqual([
        { attempts: 2, succeeded: 1 },
      ]);
      for (let more = true; more; )
        more = (await store.deleteExpired({ olderThan: T0 - HOUR, batchSize: 1 })).more;
      expect(await store.countEndpointAttempts(account.id, endpoint.id, sinceEver)).toEqual([
        { attempts: 1, succeeded: 1 },
      ]);
    });

    it("counts deliveries by status per time bucket, test deliveries left out", async (store) => {
      const { account, endpoint } = await givenAccountWithEndpoint(store);
      await givenEndpoint(store, account.id, ["candidate.added"]);
      await publishOne(store, account.id, "campaign.created", T0 - 1); // before the window
      await publishOne(store, account.id, "campaign.created", T0);
      await publishOne(store, account.id, "campaign.created", T0 + 10);
      await finishAll(store, T0 + 20, "failed");
      await publishOne(store, account.id, "campaign.created", T0 + HOUR + 5);
      await publishOne(store, account.id, "candidate.added", T0 + 2 * HOUR);
      await publishOne(store, account.id, "campaign.created", T0 + 3 * HOUR); // after the window
      await store.recordTestDelivery(testDelivery(account.id, endpoint.id, T0 + 5, true));

      const query = { from: T0, until: T0 + 3 * HOUR, bucketMs: HOUR };
      const sorted = (rows: Awaited<ReturnType<Store["countDeliveriesOverTime"]>>) =>
        [...rows].sort((a, b) => a.start - b.start || a.status.localeCompare(b.status));
      expect(sorted(await store.countDeliveriesOverTime(account.id, query))).toEqual([
        { start: T0, status: "failed", count: 2 },
        { start: T0 + HOUR, status: "pending", count: 1 },
        { start: T0 + 2 * HOUR, status: "pending", count: 1 },
      ]);
      expect(
        sorted(await store.countDeliveriesOverTime(account.id, { ...query, endpointId: endpoint.id })),
      ).toEqual([
        { start: T0, status: "failed", count: 2 },
        { start: T0 + HOUR, status: "pending", count: 1 },
      ]);
      const intruder = await givenAccount(store);
      expect(await store.countDeliveriesOverTime(intruder.id, query)).toEqual([]);
    });
  });
}
