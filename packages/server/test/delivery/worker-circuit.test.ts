import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { DeliveryStatus } from "../../src/domain/types.js";
import { createHarness, type Harness } from "./support/harness.js";
import { answer } from "./support/receiver.js";
import { publishEnvelope, seedEndpoint } from "./support/seed.js";
import { waitFor } from "./support/wait-for.js";

let h: Harness;
beforeEach(async () => {
  // The store keeps the circuits (thresholds are its settings): 3 failures open one for 800 ms to 1.6 s.
  h = await createHarness({ circuit: { failureThreshold: 3, cooldownMs: 800, maxCooldownMs: 1600 } });
});
afterEach(async () => {
  await h.cleanup();
});

async function statusesOf(eventType: string): Promise<DeliveryStatus[]> {
  const deliveries = await h.store.listDeliveries(h.accountId, { limit: 100, eventType });
  return deliveries.map((d) => d.status);
}

describe("delivery workers: the circuit breaker kept by the store", () => {
  it("two workers stop after N failures in a row, probe once per pause, close on success; others flow meanwhile", async () => {
    const state = { healthy: false };
    const dead = await h.receiver((_request, response) => {
      response.writeHead(state.healthy ? 200 : 500).end();
    });
    const fast = await h.receiver(answer(204));
    const deadEndpoint = await seedEndpoint(h.store, h.accountId, dead.url, {
      eventTypes: ["campaign.created"],
    });
    await seedEndpoint(h.store, h.accountId, fast.url, { eventTypes: ["candidate.added"] });
    for (let i = 0; i < 6; i++) await publishEnvelope(h.store, h.accountId, { i }, "campaign.created");
    const settings = {
      maxInFlightPerEndpoint: 1, // one at a time per worker to the dead endpoint
      retrySchedule: { delaysMs: [10, 10, 10, 10, 10, 10, 10, 10], jitterRatio: 0 },
      idlePollMs: 50,
    };
    const workers = [h.startWorker(settings), h.startWorker(settings)];
    const circuit = async () => (await h.store.getEndpoint(h.accountId, deadEndpoint))?.circuit;

    await waitFor("the circuit to open", async () => (await circuit())?.openedAt != null);
    expect(await h.store.countOpenCircuits()).toBe(1);
    const opened = await circuit();
    const pausedUntil = opened?.pausedUntil ?? 0;
    // Its deliveries show the real next time: the end of the pause, never a time already past (those
    // still in flight when it opened get there when their result is recorded).
    await waitFor("every waiting delivery to be due when the pause ends", async () => {
      const waiting = await h.store.listDeliveries(h.accountId, { limit: 10, endpointId: deadEndpoint });
      return waiting.every((d) => d.status !== "pending" || (d.nextAttemptAt ?? 0) >= pausedUntil);
    });
    const atOpening = dead.requests.length;
    expect(atOpening).toBeGreaterThanOrEqual(3);

    // Meanwhile another endpoint is served at once, before the pause ends.
    for (let i = 0; i < 5; i++) await publishEnvelope(h.store, h.accountId, { i }, "candidate.added");
    for (const worker of workers) worker.wake();
    await waitFor("the fast endpoint's deliveries", async () =>
      (await statusesOf("candidate.added")).every((s) => s === "succeeded"),
    );
    expect(fast.requests).toHaveLength(5);
    // Both workers obey the one state: nothing goes to the paused endpoint until the pause ends.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, pausedUntil - Date.now() - 50)));
    expect(dead.requests).toHaveLength(atOpening);

    // One probe (from either worker) after the pause; it fails: the next one comes after twice the pause.
    await waitFor("the first probe", () => dead.requests.length === atOpening + 1, 3000);
    const firstProbe = dead.requests[atOpening]?.receivedAt ?? 0;
    expect(firstProbe).toBeGreaterThanOrEqual(pausedUntil - 5);
    await waitFor("the second probe", () => dead.requests.length === atOpening + 2, 4000);
    const secondProbe = dead.requests[atOpening + 1]?.receivedAt ?? 0;
    expect(secondProbe - firstProbe).toBeGreaterThanOrEqual(1595);
    expect((await circuit())?.cooldownMs).toBe(1600);

    // The endpoint recovers: the next probe closes the circuit and the backlog goes out at once.
    state.healthy = true;
    await waitFor(
      "every delivery to the recovered endpoint",
      async () => (await statusesOf("campaign.created")).every((s) => s === "succeeded"),
      5000,
    );
    expect(await circuit()).toBeUndefined();
    expect(await h.store.countOpenCircuits()).toBe(0);
    // Deliveries held back by the open circuit did not spend attempts: failed ones + 6 successes.
    const deliveries = await h.store.listDeliveries(h.accountId, {
      limit: 10,
      eventType: "campaign.created",
    });
    const attempts = deliveries.reduce((sum, d) => sum + d.attemptCount, 0);
    expect(attempts).toBe(atOpening + 2 + 6);
    expect(dead.requests).toHaveLength(atOpening + 2 + 6);
  });
});
