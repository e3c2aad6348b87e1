import { expect } from "vitest";
import { newId } from "../../../src/domain/ids.js";
import type { DeliveryQuery, Store } from "../../../src/store/port.js";
import { claimAll, httpFailureOf, resultOf } from "./claim-fixtures.js";
import { givenAccount, givenAccountWithEndpoint, givenEndpoint, publishOne, T0 } from "./fixtures.js";
import { describeWithFreshStores, type MakeStore } from "./harness.js";

/** Follows the cursor page by page (bounded), answering every page's ids. */
async function walkPages(store: Store, accountId: string, query: DeliveryQuery): Promise<string[][]> {
  const pages: string[][] = [];
  let beforeId: string | undefined;
  for (let page = 0; page < 50; page++) {
    const rows = await store.listDeliveries(
      accountId,
      beforeId === undefined ? query : { ...query, beforeId },
    );
    if (rows.length === 0) return pages;
    pages.push(rows.map((r) => r.id));
    beforeId = rows[rows.length - 1]?.id;
  }
  throw new Error("conformance: the cursor never ended");
}

export function describeDeliveryReads(makeStore: MakeStore): void {
  describeWithFreshStores("reading deliveries", makeStore, (it) => {
    it("lists newest first and pages with the cursor, each delivery exactly once", async (store) => {
      const { account } = await givenAccountWithEndpoint(store);
      const eventIds: string[] = [];
      for (let i = 0; i < 7; i++)
        eventIds.push((await publishOne(store, account.id, "campaign.created", T0 + i)).eventId);

      const all = await store.listDeliveries(account.id, { limit: 100 });
      expect(all.map((d) => d.eventId)).toEqual([...eventIds].reverse());
      const pages = await walkPages(store, account.id, { limit: 3 });
      expect(pages.map((p) => p.length)).toEqual([3, 3, 1]);
      expect(pages.flat()).toEqual(all.map((d) => d.id));
    });

    it("filters by endpoint, event, event type and status, and combines filters with the cursor", async (store) => {
      const { account, endpoint: first } = await givenAccountWithEndpoint(store, [
        "campaign.created",
        "candidate.added",
      ]);
      const second = await givenEndpoint(store, account.id, ["candidate.added"]);
      const created = await publishOne(store, account.id, "campaign.created", T0);
      const added = await publishOne(store, account.id, "candidate.added", T0 + 1);
      await publishOne(store, account.id, "candidate.added", T0 + 2);
      const claimed = await claimAll(store, "w1", T0 + 5);
      for (const c of claimed.filter((c) => c.eventId === added.eventId)) {
        await store.recordAttemptResults([
          resultOf("w1", c, { startedAt: T0 + 5, next: { status: "succeeded" } }),
        ]);
      }

      const ids = async (query: Omit<DeliveryQuery, "limit">) =>
        (await store.listDeliveries(account.id, { limit: 100, ...query })).map((d) => [
          d.endpointId,
          d.eventType,
          d.status,
        ]);
      expect(await ids({ endpointId: second.id })).toEqual([
        [second.id, "candidate.added", "pending"],
        [second.id, "candidate.added", "succeeded"],
      ]);
      expect(await ids({ eventId: created.eventId })).toEqual([[first.id, "campaign.created", "pending"]]);
      expect((await ids({ eventType: "candidate.added" })).length).toBe(4);
      expect((await ids({ status: "succeeded" })).map(([, type]) => type)).toEqual([
        "candidate.added",
        "candidate.added",
      ]);
      expect(await ids({ endpointId: first.id, eventType: "candidate.added", status: "pending" })).toEqual([
        [first.id, "candidate.added", "pending"],
      ]);
      const pages = await walkPages(store, account.id, { limit: 1, eventType: "candidate.added" });
      expect(pages.map((p) => p.length)).toEqual([1, 1, 1, 1]);
    });

    it("reads one delivery, and nothing for unknown ids", async (store) => {
      const { account } = await givenAccountWithEndpoint(store);
      await publishOne(store, account.id, "campaign.created", T0);
      const [listed] = await store.listDeliveries(account.id, { limit: 1 });
      expect(listed).toBeDefined();
      expect(await store.getDelivery(account.id, listed?.id ?? "")).toEqual(listed);
      expect(await store.getDelivery(account.id, newId("dlv", T0))).toBeUndefined();
      expect(await store.getEvent(account.id, newId("evt", T0))).toBeUndefined();
      expect(await store.listAttempts(account.id, newId("dlv", T0))).toEqual([]);
    });

    it("counts deliveries by status across all accounts, zeros included", async (store) => {
      expect(await store.countDeliveriesByStatus()).toEqual({ pending: 0, succeeded: 0, failed: 0 });
      for (const account of [await givenAccount(store), await givenAccount(store)]) {
        await givenEndpoint(store, account.id, ["campaign.created"]);
        await publishOne(store, account.id, "campaign.created", T0);
        await publishOne(store, account.id, "campaign.created", T0 + 1);
      }
      const [first, second] = await store.claimDueDeliveries({
        workerId: "w1",
        now: T0 + 1,
        leaseMs: 1_000,
        limit: 2,
      });
      if (first === undefined || second === undefined) throw new Error("conformance: expected 2 claims");
      await store.recordAttemptResults([
        resultOf("w1", first, { startedAt: T0 + 2, next: { status: "succeeded" } }),
        httpFailureOf("w1", second, T0 + 2, 404, { status: "failed" }),
      ]);
      expect(await store.countDeliveriesByStatus()).toEqual({ pending: 2, succeeded: 1, failed: 1 });
    });
  });
}
