import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { perEndpointChoiceCtes, windowChoiceCtes } from "../../src/store/postgres/claim-selection.js";
import {
  ADVANCE_MANY_HEAD,
  ADVANCE_MANY_TAIL,
  ADVANCE_ROW,
  READ_DELIVERIES_SQL,
} from "../../src/store/sqlite/attempt-recording.js";
import {
  CLAIM_FROM_WINDOW_SQL,
  CLAIM_PER_ENDPOINT_SQL,
  COUNT_WINDOW_SQL,
} from "../../src/store/sqlite/claim-selection.js";
import { LEASE_IDS_SQL, RELEASE_LEASES_SQL } from "../../src/store/sqlite/delivery-queue.js";
import { applySqliteMigrations, sqliteMigrations } from "../../src/store/sqlite/index.js";
import { makePostgresTestStore, postgresTestUrl, requirePostgres } from "../support/postgres.js";

/**
 * A claim must cost the same with 10,000 and with 5,000,000 finished deliveries stored: every read of
 * `deliveries` it makes goes through an index holding pending rows only (`deliveries_due`,
 * `deliveries_pending_by_endpoint`, both `WHERE status = 'pending'`) or the primary key, never a scan
 * of the table or of an index that also holds finished rows. Checked on the plans each engine chooses
 * for a store whose history dwarfs its queue (statistics gathered), since that is what they plan on.
 */
const T0 = 1_700_000_000_000;
const FINISHED = 20_000;
const PENDING = 200;
const ENDPOINTS = 8;
const PENDING_ONLY = ["deliveries_due", "deliveries_pending_by_endpoint"];

/** What varies along the history and the queue, in SQL both engines take (`n`: the row number, from 0). */
function deliveryRows(n: string): string {
  return `'ep_' || (${n} % ${ENDPOINTS}),
          CASE WHEN ${n} < ${FINISHED} THEN 'succeeded' ELSE 'pending' END, 1, ${T0} + ${n}, ${T0}, ${T0}`;
}
const DELIVERY_COLUMNS = "endpoint_id, status, attempt_count, next_attempt_at, created_at, updated_at";
/**
 * The embedded store numbers its deliveries (1, 2, ... here) and names their event by number, the
 * one event's being 1 (migration 017); PostgreSQL keys them by id and copies the account and type.
 */
const INSERT_NUMBERED_DELIVERIES = `INSERT INTO deliveries (event_number, ${DELIVERY_COLUMNS}) SELECT 1,`;
const INSERT_DELIVERIES_WITH_IDS = `INSERT INTO deliveries (id, account_id, event_id, event_type, ${DELIVERY_COLUMNS})
  SELECT 'dlv_' || i, 'acc', 'evt', 'campaign.created',`;
/** An account and an event whose body is the bytes `{}`, spelled as the engine spells bytes. */
const seedSql = (bytes: string) => [
  `INSERT INTO accounts (id, name, credits_threshold, created_at) VALUES ('acc', 'a', 10, ${T0})`,
  `INSERT INTO events (id, account_id, type, occurred_at, body, created_at)
   VALUES ('evt', 'acc', 'campaign.created', ${T0}, ${bytes}, ${T0})`,
];
const now = T0 + FINISHED + PENDING;

describe("claim query plans on SQLite, with a long history", () => {
  const db = new Database(":memory:");
  beforeAll(() => {
    applySqliteMigrations(db, sqliteMigrations);
    for (const sql of seedSql("x'7b7d'")) db.exec(sql);
    for (let i = 0; i < ENDPOINTS; i++) {
      db.exec(`INSERT INTO endpoints (id, account_id, url, description, enabled, sealed_secret, created_at,
        updated_at) VALUES ('ep_${i}', 'acc', 'https://x', '', 1, NULL, ${T0}, ${T0})`);
    }
    db.exec(`WITH RECURSIVE n (i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${FINISHED + PENDING - 1})
      ${INSERT_NUMBERED_DELIVERIES} ${deliveryRows("i")} FROM n`);
    db.exec("ANALYZE");
  });
  afterAll(() => db.close());

  const params = { now, window: 64, limit: 32, perEndpoint: 8, excluded: '["ep_0"]' };
  it.each([
    ["the bounded way", CLAIM_FROM_WINDOW_SQL, params],
    ["the window count", COUNT_WINDOW_SQL, { now, window: 64 }],
    ["the way around a clogged head", CLAIM_PER_ENDPOINT_SQL, params],
    ["a stopping worker's lease release", RELEASE_LEASES_SQL, { owner: "1" }],
    ["the start-up release of every lease", RELEASE_LEASES_SQL, { owner: null }],
    [
      "the lease of a claimed batch",
      LEASE_IDS_SQL,
      { ids: "[20002,20003]", owner: "2", leaseExpiresAt: now },
    ],
    [
      "the recording's read of its deliveries",
      READ_DELIVERIES_SQL,
      { numbers: "[20002,20003]", ids: '["dlv_given","dlv_other"]' },
    ],
    [
      "the recording's move of its deliveries",
      `${ADVANCE_MANY_HEAD} ${ADVANCE_ROW}, ${ADVANCE_ROW}${ADVANCE_MANY_TAIL}`,
      Array.from({ length: 14 }, () => null),
    ],
  ])("%s reads deliveries through pending-only indexes or the primary key", (_name, sql, values) => {
    const details = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(values) as { detail: string }[]).map(
      (row) => row.detail,
    );
    const reads = details.filter((detail) => /^(SCAN|SEARCH) (deliveries|d|x|head)\b/.test(detail));
    expect(reads.length).toBeGreaterThan(0);
    for (const read of reads) {
      if (/USING INTEGER PRIMARY KEY \(rowid=\?\)/.test(read)) continue;
      const index = /USING (?:COVERING )?INDEX (\w+)/.exec(read)?.[1];
      // Ids kept as given (migrated or the Tester's) are sought one by one, never scanned.
      expect([...PENDING_ONLY, "deliveries_given_id"], read).toContain(index);
      if (read.startsWith("SCAN")) expect(PENDING_ONLY, read).toContain(index);
    }
  });
});

const postgres = await requirePostgres("claim-query-plan.test.ts");

describe.skipIf(!postgres.run)("claim query plans on PostgreSQL, with a long history", () => {
  let cleanup: () => Promise<void> = async () => {};
  let client: pg.Client;
  beforeAll(async () => {
    const made = await makePostgresTestStore({ poolSize: 1 });
    cleanup = made.cleanup;
    client = new pg.Client({ connectionString: postgresTestUrl(), options: `-c search_path=${made.schema}` });
    await client.connect();
    for (const sql of seedSql("'\\x7b7d'::bytea")) await client.query(sql);
    await client.query(`INSERT INTO endpoints (id, account_id, url, description, enabled, sealed_secret,
      created_at, updated_at) SELECT 'ep_' || i, 'acc', 'https://x', '', true, NULL, ${T0}, ${T0}
      FROM generate_series(0, ${ENDPOINTS - 1}) i`);
    await client.query(`${INSERT_DELIVERIES_WITH_IDS} ${deliveryRows("i")}
      FROM generate_series(0, ${FINISHED + PENDING - 1}) i`);
    await client.query("ANALYZE");
  });
  afterAll(async () => {
    await client?.end();
    await cleanup();
  });

  /**
   * Every scan node of the plan that reads `deliveries`, with the index it uses (if any); a bitmap
   * heap scan's are those of the bitmap index scans under it.
   */
  async function deliveryReads(sql: string, values: readonly unknown[]) {
    const { rows } = await client.query<{ "QUERY PLAN": unknown }>(`EXPLAIN (FORMAT JSON) ${sql}`, [
      ...values,
    ]);
    type PlanNode = Record<string, unknown>;
    const reads: { type: string; index?: string }[] = [];
    const childrenOf = (node: PlanNode) => (node.Plans as PlanNode[] | undefined) ?? [];
    const bitmapIndexes = (node: PlanNode): string[] =>
      node["Node Type"] === "Bitmap Index Scan"
        ? [String(node["Index Name"])]
        : childrenOf(node).flatMap(bitmapIndexes);
    const visit = (node: PlanNode) => {
      if (node["Relation Name"] === "deliveries") {
        const type = String(node["Node Type"]);
        const indexes =
          type === "Bitmap Heap Scan" ? bitmapIndexes(node) : [node["Index Name"] as string | undefined];
        for (const index of indexes) reads.push(index === undefined ? { type } : { type, index });
      }
      for (const child of childrenOf(node)) visit(child);
    };
    const [explained] = (rows[0]?.["QUERY PLAN"] ?? []) as { Plan: PlanNode }[];
    visit(explained?.Plan ?? {});
    return reads;
  }

  it.each([
    ["the bounded way", windowChoiceCtes(1), [now, 64, ["ep_0"], 8, 32]],
    ["the way around a clogged head", perEndpointChoiceCtes(1), [now, ["ep_0"], 8, 32]],
  ])("%s reads deliveries through pending-only indexes or the primary key", async (_name, ctes, values) => {
    const reads = await deliveryReads(`WITH RECURSIVE ${ctes} SELECT * FROM choice`, values);
    expect(reads.length).toBeGreaterThan(0);
    for (const read of reads) {
      expect(read.type, JSON.stringify(read)).not.toBe("Seq Scan");
      expect([...PENDING_ONLY, "deliveries_pkey"], JSON.stringify(read)).toContain(read.index);
    }
  });
});
