import { expect, it } from "vitest";
import type { ClaimedDelivery } from "../../src/store/port.js";
import type { PostgresStore } from "../../src/store/postgres/index.js";
import { claimAll, claimUpTo, LEASE_MS } from "./conformance/claim-fixtures.js";
import { T0 } from "./conformance/fixtures.js";
import { describePostgresStore, givenPendingDeliveries, within } from "./support/postgres-test-resources.js";

/** Claims made at once by several processes (pools) on one schema. */
await describePostgresStore(
  import.meta.url,
  "claims across processes",
  ({ freshStore, twoProcesses, rawClient }) => {
    it("never hands the same delivery to two claimers working at once on two pools", async () => {
      const { store, other } = await twoProcesses();
      const total = 300;
      await givenPendingDeliveries(store, total);

      // Four claim loops per pool, all at once, in batches of 10: they collide on the same due rows. A
      // claim may come back empty while others lease what it chose, so each loop goes on until all are
      // claimed (or a bound of claims, which a claim that never finds the rest left would reach).
      let claimedSoFar = 0;
      const claimLoop = async (claimer: PostgresStore, workerId: string): Promise<ClaimedDelivery[]> => {
        const mine: ClaimedDelivery[] = [];
        for (let round = 0; round < 400 && claimedSoFar < total; round++) {
          const batch = await claimer.claimDueDeliveries({ workerId, now: T0, leaseMs: LEASE_MS, limit: 10 });
          claimedSoFar += batch.length;
          mine.push(...batch);
        }
        return mine;
      };
      const loops = await Promise.all([
        ...[1, 2, 3, 4].map((n) => claimLoop(store, `worker-a${n}`)),
        ...[1, 2, 3, 4].map((n) => claimLoop(other, `worker-b${n}`)),
      ]);

      const claimedIds = loops.flat().map((claimed) => claimed.deliveryId);
      expect(new Set(claimedIds).size).toBe(claimedIds.length);
      expect(claimedIds.length).toBe(total);
      const fromA = loops.slice(0, 4).flat().length;
      const fromB = loops.slice(4).flat().length;
      expect(fromA).toBeGreaterThan(0);
      expect(fromB).toBeGreaterThan(0);
    });

    it("skips rows another transaction has locked instead of waiting for them", async () => {
      const { store, schema } = await freshStore();
      await givenPendingDeliveries(store, 8);
      const locker = await rawClient(schema);
      await locker.query("BEGIN");
      const locked = await locker.query<{ id: string }>(
        "SELECT id FROM deliveries WHERE status = 'pending' ORDER BY next_attempt_at, id LIMIT 3 FOR UPDATE",
      );
      const lockedIds = locked.rows.map((row) => row.id);
      expect(lockedIds).toHaveLength(3);

      let claimed: ClaimedDelivery[];
      try {
        claimed = await within(5_000, "a claim beside locked rows", claimUpTo(store, "w", T0, 100));
      } finally {
        await locker.query("ROLLBACK"); // lets a claim that waited finish, so cleanup does not hang
      }
      expect(claimed).toHaveLength(5);
      for (const id of lockedIds) expect(claimed.map((c) => c.deliveryId)).not.toContain(id);

      const rest = await claimAll(store, "w2", T0);
      expect(rest.map((c) => c.deliveryId).sort()).toEqual([...lockedIds].sort());
    });

    it("makes a dead worker's deliveries claimable by another process once the lease expires", async () => {
      const { store, other } = await twoProcesses();
      await givenPendingDeliveries(store, 3);
      const held = await claimAll(store, "dead-worker", T0);
      expect(held).toHaveLength(3);
      expect(await claimAll(other, "live-worker", T0 + LEASE_MS - 1)).toHaveLength(0);
      const retaken = await claimAll(other, "live-worker", T0 + LEASE_MS);
      expect(retaken.map((c) => c.deliveryId).sort()).toEqual(held.map((c) => c.deliveryId).sort());
      expect(retaken.every((c) => c.attemptNumber === 1)).toBe(true);
    });
  },
);
