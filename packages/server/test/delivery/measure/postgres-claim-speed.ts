/**
 * How long the PostgreSQL claim selection takes with 1,000,000 pending deliveries, 900,000 of them the
 * backlog of one endpoint at the head of the due order (excluded or disabled). Run by hand:
 *   npx tsx packages/server/test/delivery/measure/postgres-claim-speed.ts [endpoints]
 * It builds schema `vh_claim_speed` once (kept for reruns; drop it by hand).
 */
import pg from "pg";
import { perEndpointChoiceCtes, windowChoiceCtes } from "../../../src/store/postgres/claim-selection.js";
import { openPostgresStore } from "../../../src/store/postgres/index.js";
import { migrateSchema } from "../../../src/store/postgres/migrate.js";

const url = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const schema = "vh_claim_speed";
const endpoints = Number(process.argv[2] ?? 200);
const T0 = 1_700_000_000_000;

const pool = new pg.Pool({ connectionString: url, options: `-c search_path=${schema}`, max: 2 });
pool.on("error", () => {});
const store = openPostgresStore({ connectionString: url, schema, poolSize: 1 });
await store.migrate();
await migrateSchema(pool, schema);
const { rows } = await pool.query<{ n: number }>("SELECT count(*)::int AS n FROM deliveries");
if ((rows[0]?.n ?? 0) === 0) {
  await pool.query(
    `INSERT INTO accounts (id, name, credits_threshold, created_at) VALUES ('acc', 'a', 10, ${T0})`,
  );
  await pool.query(
    `INSERT INTO endpoints (id, account_id, url, description, enabled, sealed_secret, created_at, updated_at)
     SELECT 'ep_' || lpad(i::text, 5, '0'), 'acc', 'https://x', '', true, NULL, ${T0}, ${T0} FROM generate_series(0, $1 - 1) i`,
    [endpoints],
  );
  await pool.query(
    `INSERT INTO events (id, account_id, type, occurred_at, body, created_at) VALUES ('evt', 'acc', 'campaign.created', ${T0}, '\\x00', ${T0})`,
  );
  await pool.query(
    `INSERT INTO deliveries (id, account_id, event_id, endpoint_id, event_type, status, attempt_count, next_attempt_at, created_at, updated_at)
     SELECT 'dlv_a' || lpad(i::text, 8, '0'), 'acc', 'evt', 'ep_00000', 'campaign.created', 'pending', 0, ${T0} + i, ${T0}, ${T0}
     FROM generate_series(0, 899999) i`,
  );
  await pool.query(
    `INSERT INTO deliveries (id, account_id, event_id, endpoint_id, event_type, status, attempt_count, next_attempt_at, created_at, updated_at)
     SELECT 'dlv_b' || lpad(i::text, 8, '0'), 'acc', 'evt', 'ep_' || lpad((1 + i % ($1 - 1))::text, 5, '0'), 'campaign.created', 'pending', 0, ${T0} + 900000 + i, ${T0}, ${T0}
     FROM generate_series(0, 99999) i`,
    [endpoints],
  );
  await pool.query("ANALYZE");
}
const now = T0 + 2_000_000;
async function time(label: string, run: () => Promise<unknown>, n = 30): Promise<void> {
  await run();
  const started = process.hrtime.bigint();
  let result: unknown;
  for (let i = 0; i < n; i++) result = await run();
  const ms = Number(process.hrtime.bigint() - started) / 1e6 / n;
  console.log(label.padEnd(58), ms.toFixed(3), "ms", Array.isArray(result) ? `(${result.length} ids)` : "");
}
const explain = async (sql: string, params: unknown[]) =>
  (await pool.query(`EXPLAIN (ANALYZE, COSTS OFF) ${sql}`, params)).rows
    .map((r) => `  ${r["QUERY PLAN"]}`)
    .join("\n");
console.log(
  "window choice plan:\n" +
    (await explain(`WITH RECURSIVE ${windowChoiceCtes(1)} SELECT * FROM choice`, [now, 256, [], 128, 128])),
);
console.log(
  "per-endpoint choice plan:\n" +
    (await explain(`WITH RECURSIVE ${perEndpointChoiceCtes(1)} SELECT * FROM choice`, [
      now,
      ["ep_00000"],
      32,
      128,
    ])),
);
const claimAndRelease = async (extra: object) => {
  const claimed = await store.claimDueDeliveries({
    workerId: "w",
    now,
    leaseMs: 60_000,
    limit: 128,
    ...extra,
  });
  await store.releaseClaims(
    "w",
    claimed.map((c) => c.deliveryId),
  );
  return claimed;
};
await time("no cap, no exclusion (window)", () => claimAndRelease({}));
await time("cap 32, 900k of one endpoint at the head (per-endpoint)", () =>
  claimAndRelease({ maxPerEndpoint: 32 }),
);
await time("ep_00000 excluded (per-endpoint)", () =>
  claimAndRelease({ maxPerEndpoint: 32, excludeEndpointIds: ["ep_00000"] }),
);
await pool.query("UPDATE endpoints SET enabled = false WHERE id = 'ep_00000'");
await time("ep_00000 disabled (per-endpoint)", () => claimAndRelease({ maxPerEndpoint: 32 }));
await pool.query("UPDATE endpoints SET enabled = true WHERE id = 'ep_00000'");
await time("the first claim query's scan (no fairness, for comparison)", () =>
  pool.query(
    `SELECT id FROM deliveries WHERE status = 'pending' AND next_attempt_at <= $1 AND (lease_expires_at IS NULL OR lease_expires_at <= $1) ORDER BY next_attempt_at, id LIMIT 128`,
    [now],
  ),
);
await time(
  "scan skipping ep_00000 inside the index walk (unbounded)",
  () =>
    pool.query(
      `SELECT id FROM deliveries WHERE status = 'pending' AND next_attempt_at <= $1 AND (lease_expires_at IS NULL OR lease_expires_at <= $1) AND endpoint_id <> 'ep_00000' ORDER BY next_attempt_at, id LIMIT 128`,
      [now],
    ),
  3,
);
await time("the first claim statement + release (no fairness, baseline)", async () => {
  const claimed = await pool.query<{ id: string }>(
    `WITH due AS MATERIALIZED (
       SELECT id FROM deliveries
       WHERE status = 'pending' AND next_attempt_at <= $3 AND (lease_expires_at IS NULL OR lease_expires_at <= $3)
       ORDER BY next_attempt_at, id LIMIT 128 FOR UPDATE SKIP LOCKED
     ), claimed AS (
       UPDATE deliveries d SET lease_owner = $1, lease_expires_at = $2 WHERE d.id = ANY (ARRAY(SELECT id FROM due))
       RETURNING d.id, d.event_id, d.endpoint_id
     )
     SELECT c.id, e.url, ev.body FROM claimed c JOIN endpoints e ON e.id = c.endpoint_id JOIN events ev ON ev.id = c.event_id`,
    ["w", now + 60_000, now],
  );
  await store.releaseClaims(
    "w",
    claimed.rows.map((row) => row.id),
  );
  return claimed.rows;
});
await store.close();
await pool.end();
