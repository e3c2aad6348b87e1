/**
 * `releaseStrandedOrderedKeys`, on both engines: a key whose deliveries are all held (what a PostgreSQL
 * process stopped between its publish and its settling leaves; made here in SQL) gets its earliest
 * delivery let through, and a key that has its head is left as it is.
 */
import { afterEach, describe, expect, it } from "vitest";
import { migrations } from "../../src/store/postgres/migrations/index.js";
import { requirePostgres } from "../support/postgres.js";
import { enginesAtVersion } from "./attempt-log/store-at-version.js";
import { claimAll } from "./conformance/claim-fixtures.js";
import { givenAccount, givenEndpoint, newEvent, T0 } from "./conformance/fixtures.js";

const availability = await requirePostgres("packages/server/test/store/stranded-ordered-keys.test.ts");
const engines = enginesAtVersion(availability.run);
const LATEST = Math.max(...migrations.map((m) => m.version));

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

for (const engine of engines) {
  describe.runIf(engine.run)(`ordering keys left without a head (${engine.name})`, () => {
    it("lets the earliest delivery of a stranded key through, and leaves the other keys alone", async () => {
      const s = await engine.open(LATEST);
      cleanups.push(() => s.cleanup());
      const account = await givenAccount(s.store);
      await givenEndpoint(s.store, account.id, ["candidate.added"], { ordering: "candidate" });
      const events = ["c1", "c1", "c2", "c2"].map((candidateId) =>
        newEvent("candidate.added", { candidateId }),
      );
      for (const event of events) {
        await s.store.publish({
          accountId: account.id,
          idempotencyKey: null,
          events: [event],
          campaignId: null,
          now: T0,
        });
      }
      const [, , c2Head] = await Promise.all(
        events.map(
          async (e) => (await s.store.listDeliveries(account.id, { limit: 1, eventId: e.id }))[0]?.id,
        ),
      );
      // c1 stranded: its head held as if its settling never ran.
      await s.query(`UPDATE deliveries SET next_attempt_at = NULL WHERE order_key = ${s.placeholder(1)}`, [
        "c1",
      ]);
      expect((await claimAll(s.store, "w", T0)).map((c) => c.deliveryId)).toEqual([c2Head]);

      expect(await s.store.releaseStrandedOrderedKeys(T0 + 5, 100)).toBe(1);
      expect((await claimAll(s.store, "w", T0 + 5)).map((c) => c.eventId)).toEqual([events[0]?.id]);
      expect(await s.store.releaseStrandedOrderedKeys(T0 + 6, 100)).toBe(0);
    });
  });
}
