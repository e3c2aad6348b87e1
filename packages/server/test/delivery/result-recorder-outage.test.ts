import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createResultRecorder } from "../../src/delivery/result-recorder.js";
import type { AttemptResult, ClaimedDelivery, Store } from "../../src/store/port.js";
import { StoreUnavailableError } from "../../src/store/store-unavailable-error.js";
import { resultOf } from "../store/conformance/claim-fixtures.js";
import { T0 } from "../store/conformance/fixtures.js";
import { claimedDeliveries } from "../support/claimed-deliveries.js";
import { openTestStore, recordingLogger } from "./support/seed.js";
import { waitFor } from "./support/wait-for.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A real SQLite store that, while `down`, fails every call like a lost connection, counting them. */
function unreliable(store: Store) {
  const state = { down: true, calls: 0 };
  const fail = () => {
    state.calls++;
    throw new Error("Connection terminated unexpectedly");
  };
  const wrapped: Pick<Store, "recordAttemptResults" | "nextDueAt"> = {
    async recordAttemptResults(results) {
      if (state.down) fail();
      return store.recordAttemptResults(results);
    },
    async nextDueAt() {
      if (state.down) fail();
      return store.nextDueAt();
    },
  };
  return { wrapped, state };
}

/** A real SQLite store with `count` deliveries published and claimed by worker "w1". */
async function storeWithClaims(count: number) {
  const dir = mkdtempSync(join(tmpdir(), "vh-recorder-"));
  const store = await openTestStore(dir);
  cleanups.push(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const { account, claimed } = await claimedDeliveries(store, {
    count,
    publishedAt: () => T0,
    claimedAt: T0,
    workerId: "w1",
  });
  return { store, account, claimed };
}

/** A recorder on `store`, holding one success for each claim, in one group. */
function recorderOf(
  store: Pick<Store, "recordAttemptResults" | "nextDueAt">,
  claimed: readonly ClaimedDelivery[],
) {
  const recorded: AttemptResult[] = [];
  const dropped: AttemptResult[] = [];
  const logger = recordingLogger();
  const recorder = createResultRecorder({
    store,
    logger,
    maxDelayMs: 1,
    maxBatch: claimed.length,
    onRecorded: (results) => recorded.push(...results),
    onDropped: (results) => dropped.push(...results),
  });
  cleanups.push(async () => recorder.close());
  for (const claim of claimed)
    recorder.add(resultOf("w1", claim, { startedAt: T0, next: { status: "succeeded" } }));
  return { recorder, recorded, dropped, logger };
}

describe("the result recorder while the store is unavailable", () => {
  it("keeps every result, quarantines none, tries a few calls per round, and records all once the store is back", async () => {
    const { store, account, claimed } = await storeWithClaims(64);
    expect(claimed).toHaveLength(64);

    const { wrapped, state } = unreliable(store);
    const { recorder, recorded, dropped, logger } = recorderOf(wrapped, claimed);

    await waitFor(
      "a few rounds of retries",
      () => logger.lines.filter((l) => l.message.includes("unavailable")).length >= 3,
    );
    const rounds = logger.lines.filter((l) => l.message.includes("unavailable")).length;
    // One round: the group, halves down to one result (log2 64 = 6), that result without details, a read.
    expect(state.calls).toBeLessThanOrEqual(rounds * 9 + 9);
    expect(dropped).toEqual([]);
    expect(recorded).toEqual([]);
    expect(recorder.pendingCount()).toBe(64);

    state.down = false;
    expect(await recorder.drain(10_000)).toBe(0);
    expect(recorded).toHaveLength(64);
    expect(dropped).toEqual([]);
    expect((await store.countDeliveriesByStatus()).succeeded).toBe(64);
    for (const claim of claimed) {
      const [attempt] = await store.listAttempts(account.id, claim.deliveryId);
      expect(attempt?.responseExcerpt).toBe("ok ✓"); // recorded whole, not stripped of its details
    }
  });

  it("keeps results whole while the store refuses writes as full, even though it still answers reads", async () => {
    const { store, account, claimed } = await storeWithClaims(16);
    const state = { full: true, writes: 0, sizes: [] as number[] };
    const wrapped: Pick<Store, "recordAttemptResults" | "nextDueAt"> = {
      async recordAttemptResults(results) {
        state.writes++;
        state.sizes.push(results.length);
        if (state.full) throw new StoreUnavailableError("storage_full", { cause: new Error("SQLITE_FULL") });
        return store.recordAttemptResults(results);
      },
      nextDueAt: () => store.nextDueAt(),
    };
    const { recorder, recorded, dropped } = recorderOf(wrapped, claimed);

    await waitFor("five rounds of retries", () => state.writes >= 5);
    // One write per round: a full store is not split into halves, and nothing is quarantined.
    expect(new Set(state.sizes)).toEqual(new Set([16]));
    expect(dropped).toEqual([]);
    expect(recorder.pendingCount()).toBe(16);
    const writesBefore = state.writes;
    state.full = false;
    expect(await recorder.drain(10_000)).toBe(0);
    expect(state.writes - writesBefore).toBeLessThanOrEqual(2);
    expect(recorded).toHaveLength(16);
    for (const claim of claimed) {
      const [attempt] = await store.listAttempts(account.id, claim.deliveryId);
      expect(attempt?.responseExcerpt).toBe("ok ✓");
    }
  });
});
