import { expect } from "vitest";
import { finishAll } from "./claim-fixtures.js";
import { givenAccount, givenEndpoint, publishOne, T0 } from "./fixtures.js";
import { describeWithFreshStores, type MakeStore } from "./harness.js";

const HOUR = 3_600_000;

/**
 * A pull endpoint's deliveries are kept for reading, never attempted: stored `succeeded` so that no claim
 * takes them, but no statistic may count them as successes (the delivery series, the counts by status,
 * the endpoint's attempts). What they are is the pull backlog's to say: read or not yet.
 */
export function describePullStatistics(makeStore: MakeStore): void {
  describeWithFreshStores("pull endpoints in the delivery statistics", makeStore, (it) => {
    it("are neither successes nor attempts: only the backlog counts them, as not yet read", async (store) => {
      const account = await givenAccount(store);
      const push = await givenEndpoint(store, account.id, ["campaign.created"]);
      const pull = await givenEndpoint(store, account.id, ["campaign.created"], { kind: "pull", url: "" });
      await publishOne(store, account.id, "campaign.created", T0);
      await publishOne(store, account.id, "campaign.created", T0 + 10);
      await finishAll(store, T0 + 20, "succeeded"); // the push endpoint's two deliveries

      const query = { from: T0, until: T0 + HOUR, bucketMs: HOUR };
      expect(await store.countDeliveriesOverTime(account.id, query)).toEqual([
        { start: T0, status: "succeeded", count: 2 },
      ]);
      expect(await store.countDeliveriesOverTime(account.id, { ...query, endpointId: pull.id })).toEqual([]);
      expect(await store.countDeliveriesOverTime(account.id, { ...query, endpointId: push.id })).toEqual([
        { start: T0, status: "succeeded", count: 2 },
      ]);
      expect(await store.countDeliveriesByStatus()).toEqual({ pending: 0, succeeded: 2, failed: 0 });
      expect(await store.countEndpointAttempts(account.id, pull.id, [T0 - HOUR])).toEqual([
        { attempts: 0, succeeded: 0 },
      ]);
      expect(await store.getPullBacklog(account.id, pull.id)).toEqual({ pending: 2, lastReadAt: null });

      // Read and confirmed, they leave the backlog, and still count nowhere else.
      const page = await store.readPullEvents({
        accountId: account.id,
        endpointId: pull.id,
        afterPosition: 0,
        limit: 10,
        now: T0 + 30,
      });
      const last = page?.entries.at(-1)?.position ?? 0;
      await store.readPullEvents({
        accountId: account.id,
        endpointId: pull.id,
        afterPosition: last,
        limit: 10,
        now: T0 + 40,
      });
      expect(await store.getPullBacklog(account.id, pull.id)).toEqual({ pending: 0, lastReadAt: T0 + 40 });
      expect(await store.countDeliveriesOverTime(account.id, query)).toEqual([
        { start: T0, status: "succeeded", count: 2 },
      ]);
      expect(await store.countDeliveriesByStatus()).toEqual({ pending: 0, succeeded: 2, failed: 0 });
    });
  });
}
