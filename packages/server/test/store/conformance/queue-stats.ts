import { expect } from "vitest";
import { claimAll, claimUpTo, httpFailureOf, LEASE_MS, resultOf } from "./claim-fixtures.js";
import { givenAccount, givenAccountWithEndpoint, givenEndpoint, publishOne, T0 } from "./fixtures.js";
import { describeWithFreshStores, type MakeStore } from "./harness.js";

/** `queueStats(now)`: the queue depth that /metrics and readiness report (observability). */
export function describeQueueStats(makeStore: MakeStore): void {
  describeWithFreshStores("queue statistics", makeStore, (it) => {
    it("an empty store has nothing pending, due or leased", async (store) => {
      expect(await store.queueStats(T0)).toEqual({
        pending: 0,
        due: 0,
        oldestDueAt: null,
        leased: 0,
      });
    });

    it("counts every pending delivery, and as due only those due at or before now, with the oldest due time", async (store) => {
      const { account } = await givenAccountWithEndpoint(store);
      await publishOne(store, account.id, "campaign.created", T0 - 5_000);
      await publishOne(store, account.id, "campaign.created", T0);
      await publishOne(store, account.id, "campaign.created", T0 + 60_000); // due in a minute

      expect(await store.queueStats(T0)).toEqual({ pending: 3, due: 2, oldestDueAt: T0 - 5_000, leased: 0 });
      expect(await store.queueStats(T0 - 5_001)).toEqual({
        pending: 3,
        due: 0,
        oldestDueAt: null,
        leased: 0,
      });
      expect(await store.queueStats(T0 + 60_000)).toEqual({
        pending: 3,
        due: 3,
        oldestDueAt: T0 - 5_000,
        leased: 0,
      });
    });

    it("a leased delivery is leased, not due, until its lease ends; then it is due again", async (store) => {
      const { account } = await givenAccountWithEndpoint(store);
      await publishOne(store, account.id, "campaign.created", T0 - 1_000);
      await publishOne(store, account.id, "campaign.created", T0);
      const claimed = await claimUpTo(store, "w1", T0, 1);
      expect(claimed).toHaveLength(1);

      // The oldest one is leased: the oldest DUE one is the other.
      expect(await store.queueStats(T0 + 1)).toEqual({ pending: 2, due: 1, oldestDueAt: T0, leased: 1 });
      expect(await store.queueStats(T0 + LEASE_MS - 1)).toMatchObject({ due: 1, leased: 1 });
      // A lease ending at `now` is claimable at `now` (as the claim sees it): due again.
      expect(await store.queueStats(T0 + LEASE_MS)).toEqual({
        pending: 2,
        due: 2,
        oldestDueAt: T0 - 1_000,
        leased: 0,
      });
    });

    it("finished deliveries leave the queue; a retry scheduled later is pending, not due", async (store) => {
      const { account } = await givenAccountWithEndpoint(store);
      for (let i = 0; i < 3; i++) await publishOne(store, account.id, "campaign.created", T0);
      const [first, second, third] = await claimAll(store, "w1", T0);
      if (first === undefined || second === undefined || third === undefined)
        throw new Error("expected 3 claims");
      await store.recordAttemptResults([
        resultOf("w1", first, { startedAt: T0 + 1, next: { status: "succeeded" } }),
        httpFailureOf("w1", second, T0 + 1, 500, { status: "failed" }),
        httpFailureOf("w1", third, T0 + 1, 503, { status: "pending", nextAttemptAt: T0 + 10_000 }),
      ]);

      expect(await store.queueStats(T0 + 100)).toEqual({ pending: 1, due: 0, oldestDueAt: null, leased: 0 });
      expect(await store.queueStats(T0 + 10_000)).toEqual({
        pending: 1,
        due: 1,
        oldestDueAt: T0 + 10_000,
        leased: 0,
      });
    });

    it("counts the deliveries of every account", async (store) => {
      for (const name of ["A", "B"]) {
        const account = await givenAccount(store, { name });
        await givenEndpoint(store, account.id, ["campaign.created", "candidate.added"]);
        await publishOne(store, account.id, "campaign.created", T0);
        await publishOne(store, account.id, "candidate.added", T0);
      }
      expect(await store.queueStats(T0)).toEqual({ pending: 4, due: 4, oldestDueAt: T0, leased: 0 });
    });
  });
}
