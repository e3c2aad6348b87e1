import { afterEach, describe, expect, it } from "vitest";
import type { ClaimedDelivery, Store } from "../../src/store/port.js";
import { createPool } from "../../src/store/postgres/connection.js";
import { recordAttemptResults } from "../../src/store/postgres/delivery-queue.js";
import { makePostgresTestStore, postgresTestUrl, requirePostgres } from "../support/postgres.js";
import { claimAll, httpFailureOf, resultOf } from "./conformance/claim-fixtures.js";
import { givenAccount, givenEndpoint, newEvent, T0 } from "./conformance/fixtures.js";

/**
 * A recording whose commit happened but whose answer was lost (the connection dropped during the COMMIT,
 * or between the recording statement and the settling of ordering keys, which PostgreSQL runs apart) is
 * retried by the recorder as it was. The retry must be a no-op per attempt already stored, and must settle
 * the keys the first call may not have: before, it was refused as a duplicate attempt (then quarantined as
 * a poison result) and the key waited for the stranded-key look, up to 30 s.
 */
const availability = await requirePostgres("packages/server/test/store/postgres-record-retry.test.ts");
const describeWithPostgres = availability.run ? describe : describe.skip;

const TYPE = "candidate.added";
const WORKER = "worker-1";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function world() {
  const made = await makePostgresTestStore();
  const pool = createPool({ connectionString: postgresTestUrl(), schema: made.schema, poolSize: 1 });
  cleanups.push(made.cleanup, () => pool.end());
  const account = await givenAccount(made.store);
  return { store: made.store, pool, accountId: account.id };
}

async function publishFor(store: Store, accountId: string, candidates: readonly string[]) {
  for (const candidateId of candidates) {
    const event = newEvent(TYPE, { candidateId });
    await store.publish({ accountId, idempotencyKey: null, events: [event], campaignId: null, now: T0 });
  }
}

const only = (claimed: readonly ClaimedDelivery[]) => {
  expect(claimed).toHaveLength(1);
  return claimed[0] as ClaimedDelivery;
};

describeWithPostgres("recording the same results again after a lost answer (PostgreSQL)", () => {
  it("settles the ordering key the first call left unsettled, storing and counting its attempt once", async () => {
    const { store, pool, accountId } = await world();
    const endpoint = await givenEndpoint(store, accountId, [TYPE], { ordering: "candidate" });
    await publishFor(store, accountId, ["c1", "c1"]);
    const head = only(await claimAll(store, WORKER, T0 + 10));
    const result = resultOf(WORKER, head, { startedAt: T0 + 20, next: { status: "succeeded" } });

    // The recording statement commits; the connection is then lost before the key is settled.
    await recordAttemptResults(pool, [result]);
    expect(await claimAll(store, WORKER, T0 + 100)).toEqual([]);

    await expect(store.recordAttemptResults([result])).resolves.toEqual({ missingDeliveryIds: [] });
    const next = only(await claimAll(store, WORKER, T0 + 100));
    expect(next.deliveryId).not.toBe(head.deliveryId);
    expect(await store.listAttempts(accountId, head.deliveryId)).toHaveLength(1);
    expect((await store.getDelivery(accountId, head.deliveryId))?.attemptCount).toBe(1);
    expect(await store.countEndpointAttempts(accountId, endpoint.id, [T0])).toEqual([
      { attempts: 1, succeeded: 1 },
    ]);
  });

  it("does not count a failure twice in the endpoint's circuit or move its delivery again", async () => {
    const { store, accountId } = await world();
    const endpoint = await givenEndpoint(store, accountId, [TYPE]);
    await publishFor(store, accountId, ["c1"]);
    const claimed = only(await claimAll(store, WORKER, T0 + 10));
    const retryAt = T0 + 5_000;
    const failure = httpFailureOf(WORKER, claimed, T0 + 20, 500, {
      status: "pending",
      nextAttemptAt: retryAt,
    });

    await store.recordAttemptResults([failure]);
    await expect(store.recordAttemptResults([failure])).resolves.toEqual({ missingDeliveryIds: [] });

    const stored = await store.getEndpoint(accountId, endpoint.id);
    expect(stored?.circuit?.consecutiveFailures).toBe(1);
    expect(await store.listAttempts(accountId, claimed.deliveryId)).toHaveLength(1);
    expect(await store.getDelivery(accountId, claimed.deliveryId)).toMatchObject({
      status: "pending",
      attemptCount: 1,
    });
    expect(await store.countEndpointAttempts(accountId, endpoint.id, [T0])).toEqual([
      { attempts: 1, succeeded: 0 },
    ]);
    expect(await claimAll(store, WORKER, retryAt)).toHaveLength(1);
  });
});
