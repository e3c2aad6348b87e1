import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { DeliveryStatus } from "../../src/domain/types.js";
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

async function statusesOf(eventType: string): Promise<DeliveryStatus[]> {
  const deliveries = await h.store.listDeliveries(h.accountId, { limit: 100, eventType });
  return deliveries.map((d) => d.status);
}

describe("delivery worker: circuit breaker per endpoint", () => {
  it("stops after N failures in a row, probes once per cool-down, closes on success; others flow meanwhile", async () => {
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
    const worker = h.startWorker({
      maxInFlightPerEndpoint: 1, // one at a time to the dead endpoint: its requests come in a known order
      retrySchedule: { delaysMs: [10, 10, 10, 10, 10, 10, 10, 10], jitterRatio: 0 },
      circuitFailureThreshold: 3,
      circuitCooldownMs: 800,
      circuitMaxCooldownMs: 1600,
      idlePollMs: 50,
    });

    await waitFor("the circuit to open", () => worker.openCircuits().includes(deadEndpoint));
    expect(dead.requests).toHaveLength(3);
    expect(h.logger.lines).toContainEqual(
      expect.objectContaining({
        level: "warn",
        message: expect.stringContaining("circuit opened"),
        fields: expect.objectContaining({
          endpointId: deadEndpoint,
          accountId: h.accountId,
          cooldownMs: 800,
        }),
      }),
    );

    // Meanwhile another endpoint is served at once, before the cool-down ends.
    for (let i = 0; i < 5; i++) await publishEnvelope(h.store, h.accountId, { i }, "candidate.added");
    worker.wake();
    await waitFor("the fast endpoint's deliveries", async () =>
      (await statusesOf("candidate.added")).every((s) => s === "succeeded"),
    );
    expect(fast.requests).toHaveLength(5);
    expect(dead.requests).toHaveLength(3);

    // One probe after the cool-down; it fails: the next one comes after twice the cool-down.
    await waitFor("the first probe", () => dead.requests.length === 4, 3000);
    const firstProbe = dead.requests[3]?.receivedAt ?? 0;
    // (The cool-down starts when the third failure is judged, after its request arrived.)
    expect(firstProbe - (dead.requests[2]?.receivedAt ?? 0)).toBeGreaterThanOrEqual(795);
    await waitFor("the second probe", () => dead.requests.length === 5, 4000);
    const secondProbe = dead.requests[4]?.receivedAt ?? 0;
    expect(secondProbe - firstProbe).toBeGreaterThanOrEqual(1595);
    expect(worker.openCircuits()).toEqual([deadEndpoint]);

    // The endpoint recovers: the next probe closes the circuit and the backlog goes out.
    state.healthy = true;
    await waitFor(
      "every delivery to the recovered endpoint",
      async () => (await statusesOf("campaign.created")).every((s) => s === "succeeded"),
      5000,
    );
    expect(worker.openCircuits()).toEqual([]);
    expect(h.logger.lines.some((l) => l.level === "info" && l.message.includes("circuit closed"))).toBe(true);
    // Deliveries held back by the open circuit did not spend attempts: 5 failed attempts in all.
    const deliveries = await h.store.listDeliveries(h.accountId, {
      limit: 10,
      eventType: "campaign.created",
    });
    const attempts = deliveries.reduce((sum, d) => sum + d.attemptCount, 0);
    expect(attempts).toBe(5 + 6);
    expect(dead.requests).toHaveLength(5 + 6);
  });
});
