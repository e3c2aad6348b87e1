import { expect } from "vitest";
import type { NewEvent } from "../../../src/domain/types.js";
import type { Store } from "../../../src/store/port.js";
import { creditStateSeenBy, givenAccount, givenAccountWithEndpoint, newEvent, T0 } from "./fixtures.js";
import { describeWithFreshStores, type MakeStore } from "./harness.js";

async function publishWithKey(
  store: Store,
  accountId: string,
  key: string | null,
  events: NewEvent[],
  campaignId: string | null = null,
) {
  return store.publish({ accountId, idempotencyKey: key, events, campaignId, now: T0 });
}

export async function lastCampaignOf(store: Store, accountId: string): Promise<string | null> {
  return (await creditStateSeenBy(store, accountId, 100, T0))?.lastCampaignId ?? null;
}

export function describeIdempotency(makeStore: MakeStore): void {
  describeWithFreshStores("idempotency keys", makeStore, (it) => {
    it("a reused key writes nothing and answers the first publish's primary event id", async (store) => {
      const { account } = await givenAccountWithEndpoint(store, [
        "candidate.interview.completed",
        "credits.low",
      ]);
      const primary = newEvent("candidate.interview.completed");
      const first = await publishWithKey(
        store,
        account.id,
        "interview-77",
        [primary, newEvent("credits.low")],
        "cmp_first",
      );
      expect(first.kind).toBe("published");
      const countsAfterFirst = await store.countDeliveriesByStatus();

      const again = newEvent("candidate.interview.completed");
      const duplicate = await publishWithKey(store, account.id, "interview-77", [again], "cmp_second");

      expect(duplicate).toEqual({ kind: "duplicate", primaryEventId: primary.id });
      expect(await store.getEvent(account.id, again.id)).toBeUndefined();
      expect(await store.countDeliveriesByStatus()).toEqual(countsAfterFirst);
      expect(await lastCampaignOf(store, account.id)).toBe("cmp_first");
    });

    it("keys are per account: another account may use the same key", async (store) => {
      const account = await givenAccount(store);
      const other = await givenAccount(store);
      await publishWithKey(store, account.id, "same-key", [newEvent("campaign.created")]);
      const theirs = newEvent("campaign.created");
      const outcome = await publishWithKey(store, other.id, "same-key", [theirs]);
      expect(outcome.kind).toBe("published");
      expect(await store.getEvent(other.id, theirs.id)).toBeDefined();
    });

    it("without a key, the same content is published every time", async (store) => {
      const { account } = await givenAccountWithEndpoint(store);
      await publishWithKey(store, account.id, null, [newEvent("campaign.created")]);
      const second = await publishWithKey(store, account.id, null, [newEvent("campaign.created")]);
      expect(second.kind).toBe("published");
      expect((await store.countDeliveriesByStatus()).pending).toBe(2);
    });

    it("different keys of one account do not collide", async (store) => {
      const account = await givenAccount(store);
      const a = newEvent("campaign.created");
      const b = newEvent("campaign.created");
      expect((await publishWithKey(store, account.id, "key-a", [a])).kind).toBe("published");
      expect((await publishWithKey(store, account.id, "key-b", [b])).kind).toBe("published");
      expect(await publishWithKey(store, account.id, "key-b", [newEvent("campaign.created")])).toEqual({
        kind: "duplicate",
        primaryEventId: b.id,
      });
    });
  });
}
