import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Store } from "../../src/store/port.js";
import { windowChoiceCtes } from "../../src/store/postgres/claim-selection.js";
import { LOCK_EXPIRED_DELIVERIES_SQL } from "../../src/store/postgres/retention.js";
import { waitFor } from "../delivery/support/wait-for.js";
import { makePostgresTestStore, postgresTestUrl, requirePostgres } from "../support/postgres.js";

/**
 * The claim (oldest due deliveries) and retention (oldest expired ones) read the first rows of an index's
 * order and stop. On statistics gathered while the store was empty (a new store, before its first burst:
 * autovacuum gathers them again a minute or more later), PostgreSQL's own plan for them is a bitmap scan
 * that fetches every matching row and sorts them: each claim read the whole backlog, each retention batch
 * every expired row. The store runs them with bitmap scans off (`ordered-read-transaction.ts`); checked
 * here on the rows each store call reads from its index (`pg_stat_user_indexes`).
 */
const availability = await requirePostgres("packages/server/test/store/postgres-ordered-reads.test.ts");

const T0 = 1_700_000_000_000;
const BURST = 20_000;
const ENDPOINTS = 4;

/** `count` deliveries from number `first`, of 4 endpoints, one per millisecond from T0. */
function insertDeliveries(first: number, count: number, status: "pending" | "succeeded"): string {
  return `INSERT INTO deliveries (id, account_id, event_id, endpoint_id, event_type, status, attempt_count,
            next_attempt_at, created_at, updated_at)
          SELECT 'dlv_' || lpad(i::text, 9, '0'), 'acc', 'evt', 'ep_' || (i % ${ENDPOINTS}), 'campaign.created',
                 '${status}', ${status === "pending" ? 0 : 1}, ${status === "pending" ? `${T0} + i` : "NULL"},
                 ${T0} + i, ${T0} + i
          FROM generate_series(${first}, ${first + count - 1}) i`;
}

describe.skipIf(!availability.run)(
  "ordered reads on PostgreSQL, statistics gathered on an empty store",
  () => {
    let store: Store;
    let client: pg.Client;
    let cleanup: () => Promise<void> = async () => {};
    beforeAll(async () => {
      const made = await makePostgresTestStore({ poolSize: 1 });
      store = made.store;
      cleanup = made.cleanup;
      client = new pg.Client({
        connectionString: postgresTestUrl(),
        options: `-c search_path=${made.schema}`,
      });
      await client.connect();
      await client.query(
        `INSERT INTO accounts (id, name, credits_threshold, created_at) VALUES ('acc', 'a', 10, ${T0})`,
      );
      await client.query(`INSERT INTO events (id, account_id, type, occurred_at, body, created_at)
                        VALUES ('evt', 'acc', 'campaign.created', ${T0}, '\\x7b7d'::bytea, ${T0})`);
      await client.query(`INSERT INTO endpoints (id, account_id, url, description, enabled, sealed_secret, created_at,
                        updated_at) SELECT 'ep_' || i, 'acc', 'https://x', '', true, NULL, ${T0}, ${T0}
                        FROM generate_series(0, ${ENDPOINTS - 1}) i`);
      await client.query("ANALYZE");
      // The burst: a history to expire, then a backlog to send, before the statistics are gathered again.
      await client.query(insertDeliveries(0, BURST, "succeeded"));
      await client.query(insertDeliveries(BURST, BURST, "pending"));
    });
    afterAll(async () => {
      await client?.end();
      await cleanup();
    });

    /** Index entries read from `index` so far, as the cumulative statistics have them. */
    async function entriesRead(index: string): Promise<number> {
      const { rows } = await client.query<{ n: string }>(
        "SELECT idx_tup_read AS n FROM pg_stat_user_indexes WHERE indexrelname = $1 AND schemaname = current_schema()",
        [index],
      );
      return Number(rows[0]?.n ?? 0);
    }

    /** Rows a plan of `sql` under the planner's own settings reads from `deliveries`. */
    async function rowsReadByDefault(sql: string, values: readonly unknown[]): Promise<number> {
      const { rows } = await client.query<{ "QUERY PLAN": unknown }>(
        `EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`,
        [...values],
      );
      type PlanNode = Record<string, unknown>;
      const read = (node: PlanNode): number =>
        (node["Relation Name"] === "deliveries" ? Number(node["Actual Rows"]) : 0) +
        ((node.Plans as PlanNode[] | undefined) ?? []).reduce((sum, child) => sum + read(child), 0);
      const [explained] = (rows[0]?.["QUERY PLAN"] ?? []) as { Plan: PlanNode }[];
      return read(explained?.Plan ?? {});
    }

    /** What the store's call read from `index`: the counter's growth, once the backend has reported it. */
    async function readBy(index: string, call: () => Promise<unknown>): Promise<number> {
      const before = await entriesRead(index);
      await call();
      await waitFor(
        "the call's index reads to be reported",
        async () => (await entriesRead(index)) > before,
        20_000,
      );
      return (await entriesRead(index)) - before;
    }

    it("a claim of 32 reads its window of the due order, not the whole backlog", async () => {
      const now = T0 + 3 * BURST;
      let claimed = 0;
      const read = await readBy("deliveries_due", async () => {
        claimed = (await store.claimDueDeliveries({ workerId: "w1", now, leaseMs: 30_000, limit: 32 }))
          .length;
      });
      expect(claimed).toBe(32);
      expect(read).toBeLessThan(1_000);
      // After the call, so that this read's own statistics do not land in the call's count.
      const sql = `WITH RECURSIVE ${windowChoiceCtes(1)} SELECT * FROM choice`;
      expect(await rowsReadByDefault(sql, [now, 64, [], 8, 32])).toBeGreaterThan(BURST / 2);
    });

    it("a retention batch of 500 reads about 500 expired deliveries, not every one", async () => {
      const olderThan = T0 + BURST;
      let deleted = 0;
      const read = await readBy("deliveries_finished_by_age", async () => {
        deleted = (await store.deleteExpired({ olderThan, batchSize: 500 })).deliveries;
      });
      expect(deleted).toBe(500);
      expect(read).toBeLessThan(2_000);
      // After the call, as above.
      expect(await rowsReadByDefault(LOCK_EXPIRED_DELIVERIES_SQL, [olderThan, 500])).toBeGreaterThan(
        BURST / 2,
      );
    });
  },
);
