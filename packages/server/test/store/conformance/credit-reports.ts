import { expect } from "vitest";
import { newId } from "../../../src/domain/ids.js";
import type { CreditState, NewEvent } from "../../../src/domain/types.js";
import type { Store } from "../../../src/store/port.js";
import { givenAccount, givenAccountWithEndpoint, newEvent, publishOne, T0 } from "./fixtures.js";
import { describeWithFreshStores, type MakeStore } from "./harness.js";

/** Reports a balance; answers the state deriveEvents saw and the outcome. */
async function report(
  store: Store,
  accountId: string,
  balance: number,
  options: { campaignId?: string | null; events?: (previous: CreditState) => readonly NewEvent[] } = {},
) {
  const seen: CreditState[] = [];
  const outcome = await store.reportCreditBalance({
    accountId,
    balance,
    campaignId: options.campaignId ?? null,
    deriveEvents: (previous) => {
      seen.push(previous);
      return options.events?.(previous) ?? [];
    },
    now: T0,
  });
  expect(seen).toHaveLength(1);
  expect(outcome.previous).toEqual(seen[0]);
  return outcome;
}

export function describeCreditReports(makeStore: MakeStore): void {
  describeWithFreshStores("credit reports", makeStore, (it) => {
    it("the first report sees no balance and the threshold the account was created with", async (store) => {
      const account = await givenAccount(store, { creditsThreshold: 7 });
      const outcome = await report(store, account.id, 50);
      expect(outcome).toEqual({
        previous: { balance: null, threshold: 7, lastCampaignId: null },
        events: [],
      });
    });

    it("each report sees the balance stored by the one before", async (store) => {
      const account = await givenAccount(store);
      await report(store, account.id, 50);
      expect((await report(store, account.id, 9.5)).previous.balance).toBe(50);
      expect((await report(store, account.id, 0)).previous.balance).toBe(9.5);
      expect((await report(store, account.id, 3)).previous.balance).toBe(0);
    });

    it("sees the threshold set by setCreditsThreshold", async (store) => {
      const account = await givenAccount(store);
      await store.setCreditsThreshold(account.id, 250);
      expect((await report(store, account.id, 100)).previous.threshold).toBe(250);
    });

    it("remembers the last campaign from publishes and from reports; null never erases it", async (store) => {
      const account = await givenAccount(store);
      const publishWithCampaign = (campaignId: string | null) =>
        store.publish({
          accountId: account.id,
          idempotencyKey: null,
          events: [newEvent("campaign.created")],
          campaignId,
          now: T0,
        });

      await publishWithCampaign("cmp_published");
      await publishWithCampaign(null);
      expect((await report(store, account.id, 40)).previous.lastCampaignId).toBe("cmp_published");

      await report(store, account.id, 30, { campaignId: "cmp_reported" });
      await report(store, account.id, 20, { campaignId: null });
      expect((await report(store, account.id, 10)).previous.lastCampaignId).toBe("cmp_reported");
    });

    it("publishes the derived events like publish: fan-out, and unsubscribed optional ones skipped", async (store) => {
      const { account, endpoint } = await givenAccountWithEndpoint(store, ["credits.low"]);
      const low = newEvent("credits.low");
      const depleted = newEvent("credits.depleted", { storeEvenWithoutDeliveries: false });
      const outcome = await report(store, account.id, 0, { events: () => [low, depleted] });
      expect(outcome.events).toEqual([{ id: low.id, type: "credits.low", deliveryCount: 1 }]);
      expect(await store.getEvent(account.id, depleted.id)).toBeUndefined();
      const [delivery] = await store.listDeliveries(account.id, { limit: 10 });
      expect(delivery).toMatchObject({
        eventId: low.id,
        endpointId: endpoint.id,
        status: "pending",
        nextAttemptAt: T0,
      });
    });

    it("a failing deriveEvents changes nothing", async (store) => {
      const account = await givenAccount(store);
      await report(store, account.id, 50, { campaignId: "cmp_kept" });
      await expect(
        store.reportCreditBalance({
          accountId: account.id,
          balance: 1,
          campaignId: "cmp_lost",
          deriveEvents: () => {
            throw new Error("boom");
          },
          now: T0,
        }),
      ).rejects.toThrow("boom");
      expect((await report(store, account.id, 40)).previous).toEqual({
        balance: 50,
        threshold: 10,
        lastCampaignId: "cmp_kept",
      });
    });

    it("rejects a report for an unknown account", async (store) => {
      await expect(
        store.reportCreditBalance({
          accountId: newId("acc", T0),
          balance: 1,
          campaignId: null,
          deriveEvents: () => [],
          now: T0,
        }),
      ).rejects.toThrow();
    });

    it("reports do not leak between accounts", async (store) => {
      const account = await givenAccount(store);
      const other = await givenAccount(store, { creditsThreshold: 3 });
      await report(store, account.id, 99, { campaignId: "cmp_mine" });
      await publishOne(store, account.id, "campaign.created");
      expect((await report(store, other.id, 5)).previous).toEqual({
        balance: null,
        threshold: 3,
        lastCampaignId: null,
      });
    });
  });
}
