/**
 * The migration that drops `deliveries_by_account` and `deliveries_by_endpoint_updated` (attempt counters
 * per endpoint and minute instead), on a store made at the version before it: every delivery and attempt
 * reads back the same, listings merged over endpoints page as before, an endpoint's attempt counts read
 * the same from the seeded counters, and recording adds to them; on both engines.
 */
import { afterEach, describe, expect, it } from "vitest";
import { newId } from "../../src/domain/ids.js";
import { requirePostgres } from "../support/postgres.js";
import { insertDeliveryByTextId, insertEventByTextId } from "./attempt-log/deliveries-by-text-id.js";
import {
  ADAPTER_BOOKKEEPING,
  enginesAtVersion,
  migrationVersion,
  type StoreAtVersion,
} from "./attempt-log/store-at-version.js";
import { finishAll } from "./conformance/claim-fixtures.js";
import { givenAccount, givenEndpoint, newEvent, T0 } from "./conformance/fixtures.js";

/** Found by name: its number may change when migrations are merged. */
const VERSION = migrationVersion("delivery-indexes-for-size");
const availability = await requirePostgres("packages/server/test/store/delivery-indexes-migration.test.ts");
const engines = enginesAtVersion(availability.run);
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Finishes a pending delivery the way the version before wrote it: its attempts, then its row. */
async function finishAsBefore(s: StoreAtVersion, deliveryId: string, startedAt: number[], codes: number[]) {
  const p = s.placeholder;
  for (const [i, start] of startedAt.entries()) {
    await s.query(
      `INSERT INTO attempts (id, delivery_id, attempt_number, started_at, duration_ms, status_code, response_excerpt)
       VALUES (${[1, 2, 3, 4, 5, 6, 7].map(p).join(", ")})`,
      [newId("att", start), deliveryId, i + 1, start, 12, codes[i], "ok"],
    );
  }
  const last = codes[codes.length - 1] as number;
  await s.query(
    `UPDATE deliveries SET status = ${p(1)}, attempt_count = ${p(2)}, last_status_code = ${p(3)},
       next_attempt_at = NULL, updated_at = ${p(4)} WHERE id = ${p(5)}`,
    [last < 300 ? "succeeded" : "failed", codes.length, last, (startedAt.at(-1) as number) + 12, deliveryId],
  );
}

async function indexNames(s: StoreAtVersion): Promise<string[]> {
  const sql =
    s.sqliteFile === undefined
      ? "SELECT indexname AS name FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'deliveries'"
      : "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'deliveries'";
  return (await s.query(sql, [])).map((row) => String(row.name)).sort();
}

for (const engine of engines) {
  describe.runIf(engine.run)(`deliveries across the delivery-indexes migration (${engine.name})`, () => {
    it("keeps every delivery and attempt, pages the same, and counts attempts from seeded counters", async () => {
      const s = await engine.open(VERSION - 1, ADAPTER_BOOKKEEPING);
      cleanups.push(() => s.cleanup());
      const { store } = s;
      const account = await givenAccount(store);
      // Subscribed to nothing published: the events are stored alone, their deliveries written in SQL
      // as the version before wrote them (today's adapter keys the embedded store's by number).
      const a = await givenEndpoint(store, account.id, ["credits.low"]);
      const b = await givenEndpoint(store, account.id, ["credits.low"]);
      const writeDelivery = async (endpointId: string, eventId: string, at: number, test = false) => {
        const id = newId("dlv", at);
        await insertDeliveryByTextId(s, {
          id,
          accountId: account.id,
          eventId,
          endpointId,
          status: test ? "succeeded" : "pending",
          attemptCount: test ? 1 : 0,
          nextAttemptAt: test ? null : at,
          createdAt: at,
          test,
          ...(s.sqliteFile === undefined ? { eventType: "campaign.created" } : {}),
        });
        return id;
      };
      const ofA: string[] = [];
      const ofB: string[] = [];
      for (let i = 0; i < 7; i++) {
        const event = newEvent("campaign.created");
        await insertEventByTextId(s, account.id, event, T0 - 3 * HOUR + i);
        ofA.unshift(await writeDelivery(a.id, event.id, T0 - 3 * HOUR + i));
        ofB.unshift(await writeDelivery(b.id, event.id, T0 - 3 * HOUR + i));
      }
      // Newest first: A: one attempt 2 h ago (500) then a success 10 min ago; one success 5 min ago; one 3 h ago.
      await finishAsBefore(s, ofA[0] as string, [T0 - 2 * HOUR, T0 - 10 * MINUTE], [500, 200]);
      await finishAsBefore(s, ofA[1] as string, [T0 - 5 * MINUTE], [200]);
      await finishAsBefore(s, ofA[2] as string, [T0 - 3 * HOUR], [200]);
      await finishAsBefore(s, ofB[0] as string, [T0 - 20 * MINUTE], [503]);
      // A Tester delivery is not counted, before or after.
      const tester = newEvent("candidate.added");
      await insertEventByTextId(s, account.id, tester, T0 - MINUTE);
      const testerId = await writeDelivery(a.id, tester.id, T0 - MINUTE, true);
      await s.query(
        `INSERT INTO attempts (id, delivery_id, attempt_number, started_at, duration_ms, status_code)
         VALUES (${[1, 2, 3, 4, 5, 6].map(s.placeholder).join(", ")})`,
        [newId("att", T0 - MINUTE), testerId, 1, T0 - MINUTE, 9, 200],
      );
      const written = await s.query(
        "SELECT id, status, attempt_count FROM deliveries ORDER BY created_at DESC, id DESC",
        [],
      );
      const attemptsWritten = await s.query(
        "SELECT id, delivery_id FROM attempts ORDER BY started_at, id",
        [],
      );
      expect(attemptsWritten).toHaveLength(6);

      await store.migrate();

      expect(await indexNames(s)).not.toContain("deliveries_by_account");
      expect(await indexNames(s)).not.toContain("deliveries_by_endpoint_updated");
      const listed = await store.listDeliveries(account.id, { limit: 100 });
      expect(listed.map((d) => ({ id: d.id, status: d.status, attempt_count: d.attemptCount }))).toEqual(
        written,
      );
      expect([
        await store.listDeliveries(account.id, { limit: 4 }),
        await store.listDeliveries(account.id, { limit: 4, beforeId: listed[5]?.id as string }),
        await store.listDeliveries(account.id, { limit: 3, status: "succeeded" }),
      ]).toEqual([
        listed.slice(0, 4),
        listed.slice(6, 10),
        listed.filter((d) => d.status === "succeeded").slice(0, 3),
      ]);
      const attempts = (await Promise.all(listed.map((d) => store.listAttempts(account.id, d.id)))).flat();
      expect(
        attempts.map((t) => ({ id: t.id, delivery_id: t.deliveryId })).sort((x, y) => (x.id < y.id ? -1 : 1)),
      ).toEqual([...attemptsWritten].sort((x, y) => (String(x.id) < String(y.id) ? -1 : 1)));
      for (const d of listed) expect(await store.getDelivery(account.id, d.id)).toEqual(d);

      const windows = [T0 - HOUR, T0 - 24 * HOUR];
      expect(await store.countEndpointAttempts(account.id, a.id, windows)).toEqual([
        { attempts: 2, succeeded: 2 },
        { attempts: 4, succeeded: 3 },
      ]);
      expect(await store.countEndpointAttempts(account.id, b.id, windows)).toEqual([
        { attempts: 1, succeeded: 0 },
        { attempts: 1, succeeded: 0 },
      ]);

      // Recording after the migration adds to the counters: the 10 deliveries left (4 of A, 6 of B) succeed now.
      await finishAll(store, T0, "succeeded");
      const [lastHourA] = (await store.countEndpointAttempts(account.id, a.id, [T0 - HOUR])) ?? [];
      const [lastHourB] = (await store.countEndpointAttempts(account.id, b.id, [T0 - HOUR])) ?? [];
      expect(lastHourA).toEqual({ attempts: 2 + 4, succeeded: 2 + 4 });
      expect(lastHourB).toEqual({ attempts: 1 + 6, succeeded: 6 });
    });
  });
}
