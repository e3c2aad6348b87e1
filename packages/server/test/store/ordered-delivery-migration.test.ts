/**
 * Migration 012 (ordered delivery) on a store made by the version before it, on both engines: its
 * endpoints come out unordered (`ordering` null), its pending deliveries unheld and claimable as before,
 * and the endpoints can then be made ordered, which holds back what is published after.
 */
import { afterEach, describe, expect, it } from "vitest";
import { requirePostgres } from "../support/postgres.js";
import { givenTwoDeliveriesAtVersion7 } from "./attempt-log/deliveries-at-version-7.js";
import { enginesAtVersion } from "./attempt-log/store-at-version.js";
import { claimAll } from "./conformance/claim-fixtures.js";
import { newEvent, T0 } from "./conformance/fixtures.js";

const availability = await requirePostgres("packages/server/test/store/ordered-delivery-migration.test.ts");
const engines = enginesAtVersion(availability.run);

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

for (const engine of engines) {
  describe.runIf(engine.run)(`a store across migration 012 (${engine.name})`, () => {
    it("keeps its endpoints unordered and its pending deliveries claimable; ordering applies afterwards", async () => {
      const s = await engine.open(11);
      cleanups.push(() => s.cleanup());
      const { accountId, signed, unsigned } = await givenTwoDeliveriesAtVersion7(s, T0);

      await s.store.migrate();

      const endpoint = await s.store.getEndpoint(accountId, signed.endpointId);
      expect(endpoint?.ordering).toBeUndefined();
      const rows = await s.query("SELECT order_key, order_seq FROM deliveries ORDER BY id", []);
      expect(rows).toEqual([
        { order_key: null, order_seq: null },
        { order_key: null, order_seq: null },
      ]);
      const listed = await s.store.listDeliveries(accountId, { limit: 10 });
      expect(listed.map((d) => [d.nextAttemptAt, d.waitingFor])).toEqual([
        [T0, undefined],
        [T0, undefined],
      ]);
      const claimed = await claimAll(s.store, "w", T0);
      expect(claimed.map((c) => c.deliveryId).sort()).toEqual(
        [signed.deliveryId, unsigned.deliveryId].sort(),
      );

      await s.store.updateEndpoint(
        accountId,
        unsigned.endpointId,
        { ordering: "campaign", eventTypes: ["campaign.created"] },
        T0 + 1,
      );
      const events = [
        newEvent("campaign.created", { campaignId: "c1" }),
        newEvent("campaign.created", { campaignId: "c1" }),
      ];
      for (const event of events) {
        await s.store.publish({
          accountId,
          idempotencyKey: null,
          events: [event],
          campaignId: "c1",
          now: T0 + 2,
        });
      }
      const after = await claimAll(s.store, "w", T0 + 2);
      // Only the ordered endpoint subscribes: it takes the first of the campaign, the second waits.
      const ofOrdered = after.filter((c) => c.endpointId === unsigned.endpointId).map((c) => c.eventId);
      expect(ofOrdered).toEqual([events[0]?.id]);
    });
  });
}
