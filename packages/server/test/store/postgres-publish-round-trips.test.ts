import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PublishInput, Store } from "../../src/store/port.js";
import { makePostgresTestStore, requirePostgres } from "../support/postgres.js";
import { givenAccount, givenEndpoint, newEvent, T0 } from "./conformance/fixtures.js";

/**
 * A publish on PostgreSQL costs at most 2 round trips before its answer: the subscribers' read and one
 * write statement (no BEGIN/COMMIT: the statement is atomic by itself), whether it is alone, has an
 * idempotency key, or shares the statement with a group; once the account's subscriptions are in
 * memory (read less than a second before), only the write statement remains. The NOTIFY that wakes workers is counted apart:
 * it is sent after the answer, coalesced (one at a time for all publishes in flight).
 */
const postgres = await requirePostgres("packages/server/test/store/postgres-publish-round-trips.test.ts");
const describeWithPostgres = postgres.run ? describe : describe.skip;

describeWithPostgres("round trips of a publish on PostgreSQL", () => {
  let opened: Awaited<ReturnType<typeof makePostgresTestStore>>;
  let store: Store;
  let accountId: string;
  const sent: string[] = [];
  const originalQuery = pg.Client.prototype.query;

  beforeAll(async () => {
    opened = await makePostgresTestStore();
    store = opened.store;
    accountId = (await givenAccount(store)).id;
    for (let i = 0; i < 4; i++) await givenEndpoint(store, accountId, ["candidate.added"]);
    // Every query any client of this process sends (each one is one round trip with pg).
    pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
      const first = args[0];
      sent.push(typeof first === "string" ? first : String((first as { text?: unknown })?.text));
      return (originalQuery as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof pg.Client.prototype.query;
  });
  afterAll(async () => {
    pg.Client.prototype.query = originalQuery;
    await opened?.cleanup();
  });

  const input = (key: string | null): PublishInput => ({
    accountId,
    idempotencyKey: key,
    events: [newEvent("candidate.added")],
    campaignId: "cmp_1",
    now: T0,
  });

  /** The queries sent while `work` ran, the wake-up NOTIFY apart. */
  async function roundTrips(work: () => Promise<unknown>): Promise<{ publish: string[]; notify: number }> {
    await store.publish(input(null)); // warm: the pool's connections are open
    await new Promise((resolve) => setImmediate(resolve));
    sent.length = 0;
    await work();
    const publish = sent.filter((text) => !text.includes("pg_notify"));
    return { publish, notify: sent.length - publish.length };
  }

  it("the first publish of an account, its subscriptions not yet in memory: 2", async () => {
    const other = (await givenAccount(store)).id;
    await givenEndpoint(store, other, ["candidate.added"]);
    const counted = await roundTrips(() => store.publish({ ...input(null), accountId: other }));
    expect(counted.publish).toHaveLength(2);
  });

  it("one publish without a key: 1", async () => {
    const counted = await roundTrips(() => store.publish(input(null)));
    expect(counted.publish).toHaveLength(1);
    expect(counted.publish.some((text) => /\bBEGIN\b|\bCOMMIT\b/.test(text))).toBe(false);
    expect(counted.notify).toBeLessThanOrEqual(1);
  });

  it("one publish with an idempotency key, new or repeated: 1", async () => {
    expect((await roundTrips(() => store.publish(input("rt-key")))).publish).toHaveLength(1);
    const repeated = await roundTrips(async () =>
      expect((await store.publish(input("rt-key"))).kind).toBe("duplicate"),
    );
    expect(repeated.publish).toHaveLength(1);
  });

  it("a group of 100 publishes: 1 for all of them", async () => {
    const group = Array.from({ length: 100 }, (_, i) => input(i % 2 === 0 ? `rt-group-${i}` : null));
    const counted = await roundTrips(async () => {
      const outcomes = await store.publishMany(group);
      expect(outcomes.every((o) => o.kind === "published" && o.events[0]?.deliveryCount === 4)).toBe(true);
    });
    expect(counted.publish).toHaveLength(1);
    expect(counted.notify).toBeLessThanOrEqual(1);
  });
});
