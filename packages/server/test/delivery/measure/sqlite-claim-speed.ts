/**
 * How long the SQLite claim choice takes with 1,000,000 pending deliveries, 900,000 of them the backlog of
 * one endpoint at the head of the due order. Not a test: run it by hand (it builds the file once, ~15 s):
 *   npx tsx packages/server/test/delivery/measure/sqlite-claim-speed.ts /tmp/claim.sqlite [endpoints]
 */
import Database from "better-sqlite3";
import {
  CLAIM_FROM_WINDOW_SQL,
  CLAIM_PER_ENDPOINT_SQL,
  COUNT_WINDOW_SQL,
  selectClaimableIds,
} from "../../../src/store/sqlite/claim-selection.js";
import { applySqliteMigrations, sqliteMigrations } from "../../../src/store/sqlite/index.js";
import { createSqliteContext } from "../../../src/store/sqlite/sqlite-context.js";

const file = process.argv[2] ?? "/tmp/voicehire-claim-speed.sqlite";
const endpoints = Number(process.argv[3] ?? 200);
const T0 = 1_700_000_000_000;
const db = new Database(file);
db.pragma("journal_mode = WAL");
applySqliteMigrations(db, sqliteMigrations);
if ((db.prepare("SELECT COUNT(*) FROM deliveries").pluck().get() as number) === 0) {
  db.exec(`INSERT INTO accounts (id, name, credits_threshold, created_at) VALUES ('acc', 'a', 10, ${T0})`);
  const endpoint = db.prepare(
    `INSERT INTO endpoints (id, account_id, url, description, enabled, sealed_secret, created_at, updated_at)
     VALUES (?, 'acc', 'https://x', '', 1, NULL, ${T0}, ${T0})`,
  );
  for (let i = 0; i < endpoints; i++) endpoint.run(`ep_${String(i).padStart(5, "0")}`);
  db.exec(
    `INSERT INTO events (id, account_id, type, occurred_at, body, created_at) VALUES ('evt', 'acc', 'campaign.created', ${T0}, x'00', ${T0})`,
  );
  const delivery = db.prepare(
    `INSERT INTO deliveries (id, account_id, event_id, endpoint_id, status, attempt_count, next_attempt_at,
                             created_at, updated_at)
     VALUES (?, 'acc', 'evt', ?, 'pending', 0, ?, ${T0}, ${T0})`,
  );
  db.transaction(() => {
    for (let i = 0; i < 900_000; i++) delivery.run(`dlv_a${String(i).padStart(8, "0")}`, "ep_00000", T0 + i);
    for (let i = 0; i < 100_000; i++) {
      const endpointId = `ep_${String(1 + (i % (endpoints - 1))).padStart(5, "0")}`;
      delivery.run(`dlv_b${String(i).padStart(8, "0")}`, endpointId, T0 + 900_000 + i);
    }
  })();
  db.exec("ANALYZE");
}

const context = createSqliteContext(db);
const now = T0 + 2_000_000;
function time(label: string, run: () => unknown, rounds = 50): void {
  run();
  const started = process.hrtime.bigint();
  let result: unknown;
  for (let i = 0; i < rounds; i++) result = run();
  const ms = Number(process.hrtime.bigint() - started) / 1e6 / rounds;
  console.log(label.padEnd(62), ms.toFixed(3), "ms", Array.isArray(result) ? `(${result.length} rows)` : "");
}
const plan = (sql: string, params: object) =>
  (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params) as { detail: string }[])
    .map((row) => row.detail)
    .join("\n  ");
const params = { now, window: 256, limit: 128, perEndpoint: 32, excluded: "[]" };
console.log(`window plan:\n  ${plan(CLAIM_FROM_WINDOW_SQL, params)}`);
console.log(`per-endpoint plan:\n  ${plan(CLAIM_PER_ENDPOINT_SQL, params)}`);
console.log(`count plan:\n  ${plan(COUNT_WINDOW_SQL, { now, window: 256 })}`);
const choose = (extra: object) =>
  selectClaimableIds(context, { workerId: "w", now, leaseMs: 1, limit: 128, ...extra });
time("no cap, no exclusion (bounded window)", () => choose({}));
time("cap 32, the 900k backlog at the head (per endpoint)", () => choose({ maxPerEndpoint: 32 }));
time("backlog endpoint excluded (per endpoint)", () =>
  choose({ maxPerEndpoint: 32, excludeEndpointIds: ["ep_00000"] }),
);
db.exec("UPDATE endpoints SET enabled = 0 WHERE id = 'ep_00000'");
time("backlog endpoint disabled (per endpoint)", () => choose({ maxPerEndpoint: 32 }));
db.exec("UPDATE endpoints SET enabled = 1 WHERE id = 'ep_00000'");
const firstClaimScan = db.prepare(
  `SELECT id FROM deliveries WHERE status = 'pending' AND next_attempt_at <= ?
     AND (lease_expires_at IS NULL OR lease_expires_at <= ?) ORDER BY next_attempt_at, id LIMIT 128`,
);
time("the first claim's scan (no fairness), for comparison", () => firstClaimScan.pluck().all(now, now));
const skippingScan = db.prepare(
  `SELECT id FROM deliveries WHERE status = 'pending' AND next_attempt_at <= ?
     AND (lease_expires_at IS NULL OR lease_expires_at <= ?) AND endpoint_id <> 'ep_00000'
   ORDER BY next_attempt_at, id LIMIT 128`,
);
time("a scan skipping the backlog row by row, for comparison", () => skippingScan.pluck().all(now, now), 5);
db.close();
