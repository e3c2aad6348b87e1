/**
 * Retention beyond the conformance suite: what each engine must also get right. SQLite: every retention
 * query is served by an index. PostgreSQL: several processes running retention at once share the work
 * (no row deleted twice, no error, nothing left), and a batch never waits on rows another transaction
 * holds.
 */
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import type { NewEvent } from "../../src/domain/types.js";
import type { RetentionBatchOutcome, Store } from "../../src/store/port.js";
import { openPostgresStore, type PostgresStore } from "../../src/store/postgres/index.js";
import {
  DELETE_IDEMPOTENCY_KEYS_SQL,
  DELETE_UNREFERENCED_EVENTS_SQL,
  EXPIRED_DELIVERIES_SQL,
} from "../../src/store/sqlite/retention.js";
import { makePostgresTestStore, postgresTestUrl, requirePostgres } from "../support/postgres.js";
import { resultOf } from "./conformance/claim-fixtures.js";
import { givenAccount, givenEndpoint, newEvent, publishEvents, T0 } from "./conformance/fixtures.js";
import { withQueryPlans } from "./support/sqlite-query-plans.js";

describe("SQLite retention query plans", () => {
  it("finds expired deliveries, unreferenced events and old idempotency keys through their indexes", () => {
    withQueryPlans((plan) => {
      const params = { olderThan: T0, limit: 500 };
      expect(plan(EXPIRED_DELIVERIES_SQL, params)).toContain("USING INDEX deliveries_finished_by_age");
      const events = plan(DELETE_UNREFERENCED_EVENTS_SQL, params);
      expect(events).toContain("events_by_age");
      expect(events).toContain("deliveries_by_event");
      expect(plan(DELETE_IDEMPOTENCY_KEYS_SQL, params)).toContain("idempotency_keys_by_age");
      for (const sql of [
        EXPIRED_DELIVERIES_SQL,
        DELETE_UNREFERENCED_EVENTS_SQL,
        DELETE_IDEMPOTENCY_KEYS_SQL,
      ]) {
        expect(plan(sql, params)).not.toMatch(/SCAN (deliveries|events|idempotency_keys)\b(?! USING)/);
        // Oldest first straight from the age index (keyed by time alone since migration 009): no sort.
        expect(plan(sql, params)).not.toContain("TEMP B-TREE");
      }
    });
  });
});

const availability = await requirePostgres("packages/server/test/store/retention-engines.test.ts");
const describeWithPostgres = availability.run ? describe : describe.skip;

/** Closed after each test, last opened first; schema cleanups (pushed first) run last. */
const openedThisTest: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of openedThisTest.splice(0).reverse()) await close();
});

/** `events` events fanned out to `endpoints` endpoints at T0, all delivered at T0: all expired after T0. */
async function givenFinishedDeliveries(store: Store, events: number, endpoints: number): Promise<void> {
  const account = await givenAccount(store);
  for (let i = 0; i < endpoints; i++) await givenEndpoint(store, account.id, ["candidate.added"]);
  const batch: NewEvent[] = Array.from({ length: events }, () => newEvent("candidate.added"));
  await publishEvents(store, account.id, batch);
  for (let round = 0; round < 100; round++) {
    const claimed = await store.claimDueDeliveries({ workerId: "w", now: T0, leaseMs: 60_000, limit: 500 });
    if (claimed.length === 0) return;
    await store.recordAttemptResults(
      claimed.map((c) => resultOf("w", c, { startedAt: T0, next: { status: "succeeded" } })),
    );
  }
  throw new Error("retention test: deliveries left after 100 claims");
}

async function expireUntilDone(store: Store, olderThan: number, batchSize: number) {
  const batches: RetentionBatchOutcome[] = [];
  for (let call = 0; call < 1_000; call++) {
    const batch = await store.deleteExpired({ olderThan, batchSize });
    batches.push(batch);
    if (!batch.more) return batches;
  }
  throw new Error("retention test: still more after 1,000 batches");
}

const sum = (batches: readonly RetentionBatchOutcome[], key: "deliveries" | "attempts" | "events") =>
  batches.reduce((total, batch) => total + batch[key], 0);

describeWithPostgres("PostgreSQL retention with several runners", () => {
  async function freshStore(): Promise<{ store: PostgresStore; schema: string }> {
    const made = await makePostgresTestStore({ poolSize: 4 });
    openedThisTest.push(made.cleanup);
    return made;
  }

  function secondStoreOn(schema: string): PostgresStore {
    const store = openPostgresStore({ connectionString: postgresTestUrl(), schema, poolSize: 4 });
    openedThisTest.push(() => store.close());
    return store;
  }

  it("two processes expiring at once delete every row exactly once between them", async () => {
    const { store, schema } = await freshStore();
    const other = secondStoreOn(schema);
    await givenFinishedDeliveries(store, 300, 3);

    const [mine, theirs] = await Promise.all([
      expireUntilDone(store, T0 + 1, 40),
      expireUntilDone(other, T0 + 1, 40),
    ]);
    // Neither run stops while the other still has rows: a final pass finds nothing left.
    const last = await store.deleteExpired({ olderThan: T0 + 1, batchSize: 40 });

    expect(sum(mine, "deliveries") + sum(theirs, "deliveries")).toBe(900);
    expect(sum(mine, "attempts") + sum(theirs, "attempts")).toBe(900);
    expect(sum(mine, "events") + sum(theirs, "events") + last.events).toBe(300);
    expect(sum(mine, "deliveries")).toBeGreaterThan(0);
    expect(sum(theirs, "deliveries")).toBeGreaterThan(0);
    const left = await store.countDeliveriesByStatus();
    expect(left).toEqual({ pending: 0, succeeded: 0, failed: 0 });
    const rows = await rawCount(
      schema,
      "SELECT (SELECT count(*) FROM events) + (SELECT count(*) FROM attempts)",
    );
    expect(rows).toBe(0);
  });

  it("skips expired rows another transaction holds instead of waiting, and deletes them later", async () => {
    const { store, schema } = await freshStore();
    await givenFinishedDeliveries(store, 6, 1);
    const locker = new pg.Client({
      connectionString: postgresTestUrl(),
      options: `-c search_path=${schema}`,
    });
    locker.on("error", () => {});
    await locker.connect();
    openedThisTest.push(() => locker.end().catch(() => {}));
    await locker.query("BEGIN");
    await locker.query("SELECT id FROM deliveries ORDER BY created_at, id LIMIT 2 FOR UPDATE");

    let first: RetentionBatchOutcome[];
    try {
      first = await within(5_000, "retention beside locked rows", expireUntilDone(store, T0 + 1, 500));
    } finally {
      await locker.query("ROLLBACK");
    }
    expect(sum(first, "deliveries")).toBe(4);
    expect(sum(first, "events")).toBe(4);
    expect(await store.countDeliveriesByStatus()).toMatchObject({ succeeded: 2 });

    const second = await expireUntilDone(store, T0 + 1, 500);
    expect(sum(second, "deliveries")).toBe(2);
    expect(sum(second, "events")).toBe(2);
  });

  it("serves the expiry scan from the partial index deliveries_finished_by_age", async () => {
    const { schema } = await freshStore();
    const client = new pg.Client({
      connectionString: postgresTestUrl(),
      options: `-c search_path=${schema}`,
    });
    await client.connect();
    openedThisTest.push(() => client.end());
    await client.query("SET enable_seqscan = off"); // tiny tables: ask whether the index CAN serve it
    const plan = await client.query<{ "QUERY PLAN": string }>(
      "EXPLAIN SELECT id, event_id FROM deliveries WHERE status IN ('succeeded', 'failed') AND created_at < 1 " +
        "ORDER BY created_at LIMIT 500 FOR UPDATE SKIP LOCKED",
    );
    expect(plan.rows.map((row) => row["QUERY PLAN"]).join("\n")).toContain("deliveries_finished_by_age");
  });
});

async function rawCount(schema: string, sql: string): Promise<number> {
  const client = new pg.Client({ connectionString: postgresTestUrl(), options: `-c search_path=${schema}` });
  await client.connect();
  try {
    const result = await client.query<{ n: string }>(`${sql} AS n`);
    return Number(result.rows[0]?.n);
  } finally {
    await client.end();
  }
}

function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}
