import { setTimeout as pause } from "node:timers/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Store } from "../../src/store/port.js";
import { createHarness, type Harness } from "./support/harness.js";
import { answer } from "./support/receiver.js";
import { publishEnvelope, seedEndpoint } from "./support/seed.js";
import { waitFor } from "./support/wait-for.js";

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(async () => {
  await h.cleanup();
});

/** The harness store, counting claims and the idle loop's due-time reads (the sign it went idle). */
function countingStore(store: Store) {
  const counts = { claims: 0, dueReads: 0 };
  const counted: Store = {
    ...store,
    claimDueDeliveries: (input) => (counts.claims++, store.claimDueDeliveries(input)),
    nextDueAt: () => (counts.dueReads++, store.nextDueAt()),
  };
  return { counted, counts };
}

describe("delivery worker: wake-ups merged", () => {
  it("makes one or two claims for a burst of five publishes, each woken, 20 ms apart", async () => {
    const target = await h.receiver(answer(200));
    await seedEndpoint(h.store, h.accountId, target.url);
    const { counted, counts } = countingStore(h.store);
    const worker = h.startWorker({ idlePollMs: 60_000, claimMergeMs: 1_000 }, { store: counted });
    await waitFor("the worker to go idle", () => counts.dueReads === 1);

    // Within a merge window of a second, the wake-ups of the burst make one claim (two when the
    // machine is so slow that the burst outlasts the window); unmerged, each makes its own.
    const claimsBefore = counts.claims;
    for (let i = 0; i < 5; i++) {
      await publishEnvelope(h.store, h.accountId, { i });
      worker.wake();
      await pause(20);
    }
    await waitFor("the five deliveries to arrive", () => target.requests.length === 5);
    expect(counts.claims - claimsBefore).toBeLessThanOrEqual(2);
  });
});
