import type { ServerResponse } from "node:http";
import { setTimeout as pause } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { createSecretBox, generateMasterKey } from "../../src/domain/secret-box.js";
import type { DeliveryStatus } from "../../src/domain/types.js";
import type { AttemptResult, Store } from "../../src/store/port.js";
import { forEachTest } from "../support/fixture-hooks.js";
import { countingStore } from "./support/counting-store.js";
import { deliveryHarness, type Harness } from "./support/harness.js";
import { answer } from "./support/receiver.js";
import { publishEnvelope, seedEndpoint } from "./support/seed.js";
import { waitFor } from "./support/wait-for.js";

let h: Harness;
forEachTest(deliveryHarness(), (started) => {
  h = started;
});

async function publishMany(count: number, type = "campaign.created"): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++)
    ids.push((await publishEnvelope(h.store, h.accountId, { i }, type)).eventId);
  return ids;
}

async function statusesOf(eventType: string): Promise<DeliveryStatus[]> {
  const deliveries = await h.store.listDeliveries(h.accountId, { limit: 100, eventType });
  return deliveries.map((d) => d.status);
}

/** A receiver whose answers the test releases, counting how many it holds at once. */
async function holdingReceiver() {
  const held: ServerResponse[] = [];
  const state = { holding: true, mostHeld: 0 };
  const target = await h.receiver((_request, response) => {
    if (!state.holding) return void response.writeHead(200).end();
    held.push(response);
    state.mostHeld = Math.max(state.mostHeld, held.filter((r) => !r.writableEnded).length);
  });
  const releaseAll = () => {
    state.holding = false;
    for (const response of held) if (!response.writableEnded) response.writeHead(200).end();
  };
  return { target, held, state, releaseAll };
}

describe("delivery worker: concurrency, fairness and shutdown", () => {
  it("does not let a slow endpoint stop a fast one", async () => {
    const slow = await holdingReceiver();
    const fast = await h.receiver(answer(200));
    await seedEndpoint(h.store, h.accountId, slow.target.url, { eventTypes: ["campaign.created"] });
    await seedEndpoint(h.store, h.accountId, fast.url, { eventTypes: ["candidate.added"] });
    await publishMany(10, "campaign.created"); // the slow endpoint's backlog is due first
    await publishMany(10, "candidate.added");
    const worker = h.startWorker({
      maxInFlight: 4,
      maxInFlightPerEndpoint: 2,
      attemptTimeoutMs: 3000,
      leaseMs: 6000,
    });

    await waitFor("every fast delivery to succeed", async () =>
      (await statusesOf("candidate.added")).every((s) => s === "succeeded"),
    );
    expect(fast.requests).toHaveLength(10);
    // Meanwhile the slow endpoint never had more than its share, and none of it was answered yet.
    expect(slow.state.mostHeld).toBe(2);
    expect(slow.target.requests).toHaveLength(2);

    slow.releaseAll();
    await worker.stop();
    const slowStatuses = await statusesOf("campaign.created");
    expect(slowStatuses.filter((s) => s === "succeeded")).toHaveLength(2);
    expect(slowStatuses.filter((s) => s === "pending")).toHaveLength(8);

    // Nothing was lost and no lease is left behind: a new worker finishes the rest at once.
    h.startWorker({ leaseMs: 6000, attemptTimeoutMs: 3000 });
    await waitFor("every slow delivery to succeed", async () =>
      (await statusesOf("campaign.created")).every((s) => s === "succeeded"),
    );
    expect(slow.target.requests).toHaveLength(10);
  });

  it("keeps at most maxInFlight requests in flight overall", async () => {
    const receivers = await Promise.all([holdingReceiver(), holdingReceiver(), holdingReceiver()]);
    for (const r of receivers) await seedEndpoint(h.store, h.accountId, r.target.url);
    await publishMany(4); // 12 deliveries, 3 endpoints
    h.startWorker({ maxInFlight: 5, maxInFlightPerEndpoint: 4 });
    const total = () => receivers.reduce((sum, r) => sum + r.held.length, 0);
    await waitFor("five requests in flight", () => total() === 5);
    for (const r of receivers) r.releaseAll();
    await waitFor("every delivery to succeed", async () =>
      (await statusesOf("campaign.created")).every((s) => s === "succeeded"),
    );
    expect(receivers.reduce((sum, r) => sum + r.target.requests.length, 0)).toBe(12);
    expect(Math.max(...receivers.map((r) => r.state.mostHeld))).toBeLessThanOrEqual(4);
  });

  it("on stop, waits for the attempt in flight, records it and gives back its other leases", async () => {
    const slow = await holdingReceiver();
    await seedEndpoint(h.store, h.accountId, slow.target.url);
    const [first] = await publishMany(3);
    const worker = h.startWorker({ maxInFlightPerEndpoint: 1 });
    await waitFor("the first request to arrive", () => slow.held.length === 1);

    const stopping = worker.stop();
    slow.releaseAll();
    await stopping;
    const delivery = await h.waitForStatus(first ?? "", "succeeded", 100);
    expect(await h.store.listAttempts(h.accountId, delivery.id)).toHaveLength(1);
    expect(await statusesOf("campaign.created")).toEqual(
      expect.arrayContaining(["pending", "pending", "succeeded"]),
    );

    // leaseMs is 10 s in these settings: only released leases let a new worker send them now.
    h.startWorker();
    await waitFor("the two others to succeed", async () =>
      (await statusesOf("campaign.created")).every((s) => s === "succeeded"),
    );
    expect(slow.target.requests).toHaveLength(3);
  });

  it("logs store failures and keeps going", async () => {
    let claimFailures = 2;
    let recordFailures = 2;
    const faulty: Store = {
      ...h.store,
      async claimDueDeliveries(input) {
        if (claimFailures-- > 0) throw new Error("database is locked");
        return h.store.claimDueDeliveries(input);
      },
      async recordAttemptResults(results) {
        if (recordFailures-- > 0) throw new Error("disk I/O error");
        return h.store.recordAttemptResults(results);
      },
    };
    const target = await h.receiver(answer(200));
    await seedEndpoint(h.store, h.accountId, target.url);
    const [eventId] = await publishMany(1);
    h.startWorker({}, { store: faulty });

    await h.waitForStatus(eventId ?? "", "succeeded");
    expect(target.requests).toHaveLength(1); // a failed record is retried, not re-sent
    const errors = h.logger.lines.filter((l) => l.level === "error").map((l) => JSON.stringify(l));
    expect(errors.filter((e) => e.includes("database is locked"))).toHaveLength(2);
    expect(errors.filter((e) => e.includes("disk I/O error"))).toHaveLength(2);
  });

  it("records finished attempts in groups, not one store call per delivery", async () => {
    const groups: number[] = [];
    const counting: Store = {
      ...h.store,
      async recordAttemptResults(results: readonly AttemptResult[]) {
        groups.push(results.length);
        return h.store.recordAttemptResults(results);
      },
    };
    const target = await h.receiver(answer(200));
    await seedEndpoint(h.store, h.accountId, target.url);
    await publishMany(30);
    h.startWorker(
      { maxInFlight: 16, maxInFlightPerEndpoint: 16, recordBatchMaxDelayMs: 50 },
      { store: counting },
    );
    await waitFor("every delivery to succeed", async () =>
      (await statusesOf("campaign.created")).every((s) => s === "succeeded"),
    );
    expect(groups.reduce((a, b) => a + b, 0)).toBe(30);
    expect(groups.length).toBeLessThan(30);
    expect(Math.max(...groups)).toBeGreaterThan(1);
  });

  it("delivers at once when woken, and retries on time, even with a long idle poll", async () => {
    let calls = 0;
    const target = await h.receiver((_request, response) => {
      calls++;
      response.writeHead(calls < 3 ? 500 : 200).end();
    });
    await seedEndpoint(h.store, h.accountId, target.url);
    let idleChecks = 0;
    const watched: Store = {
      ...h.store,
      async nextDueAt() {
        idleChecks++;
        return h.store.nextDueAt();
      },
    };
    const worker = h.startWorker({ idlePollMs: 60_000 }, { store: watched });
    // It found nothing to do and went to sleep for the idle poll (60 s).
    await waitFor("the worker to go idle", () => idleChecks === 1);
    const [eventId] = await publishMany(1);
    worker.wake();
    const delivery = await h.waitForStatus(eventId ?? "", "succeeded", 3000);
    expect(delivery.attemptCount).toBe(3);
  });

  it("never sends unsigned what it cannot sign (unreadable secret), and keeps the delivery", async () => {
    const target = await h.receiver(answer(200));
    const otherBox = createSecretBox(generateMasterKey());
    await seedEndpoint(h.store, h.accountId, target.url, { secretBox: otherBox, secret: "s3cr3t-value" });
    const [eventId] = await publishMany(1);
    h.startWorker();
    await waitFor("the failure to be logged", () =>
      h.logger.lines.find((l) => l.level === "error" && l.message.includes("secret")),
    );
    expect(target.requests).toHaveLength(0);
    await h.waitForStatus(eventId ?? "", "pending", 100);
    expect(JSON.stringify(h.logger.lines)).not.toContain("s3cr3t-value");
  });

  it("does not hold an endpoint's deliveries beyond its share until their lease expires", async () => {
    let calls = 0;
    const target = await h.receiver((_request, response) => {
      calls++;
      if (calls === 1) setTimeout(() => response.writeHead(200).end(), 150);
      else response.writeHead(200).end();
    });
    await seedEndpoint(h.store, h.accountId, target.url);
    const eventIds = await publishMany(3);
    const startedAt = Date.now();
    h.startWorker({ maxInFlightPerEndpoint: 1, attemptTimeoutMs: 1000, leaseMs: 10_000 });

    await waitFor("every delivery to succeed", async () =>
      (await statusesOf("campaign.created")).every((s) => s === "succeeded"),
    );
    // One at a time, each once, and the later ones right after the first: not after a 10 s lease.
    expect(target.requests.map((r) => r.headers["x-voicehire-event-id"]).sort()).toEqual(
      [...eventIds].sort(),
    );
    expect(target.requests.map((r) => r.headers["x-voicehire-attempt"])).toEqual(["1", "1", "1"]);
    expect(Date.now() - startedAt).toBeLessThan(3000);
  });

  it("gives back claims that waited too long for their endpoint, at once: sent soon after, once", async () => {
    const released: string[] = [];
    const watched: Store = {
      ...h.store,
      async releaseClaims(workerId, deliveryIds) {
        released.push(...deliveryIds);
        return h.store.releaseClaims(workerId, deliveryIds);
      },
    };
    const slow = await holdingReceiver();
    await seedEndpoint(h.store, h.accountId, slow.target.url);
    const first = await publishMany(2);
    const startedAt = Date.now();
    // A claim may be sent up to claimedAt + 1300 - 200 - 2 - 1000 = 98 ms after it was taken.
    const worker = h.startWorker(
      { maxInFlightPerEndpoint: 2, attemptTimeoutMs: 200, leaseMs: 1300, idlePollMs: 50 },
      { store: watched },
    );
    await waitFor("the first two requests to be held", () => slow.held.length === 2);
    const later = await publishMany(2);
    worker.wake(); // the endpoint has its share in flight but nothing waiting: two more are claimed, and wait
    await waitFor("the two later claims to be given back unsent", () => released.length >= 2, 2000);
    slow.releaseAll();

    await waitFor("every delivery to succeed", async () =>
      (await statusesOf("campaign.created")).every((s) => s === "succeeded"),
    );
    expect(released.slice(0, 2).sort()).toEqual(
      (await h.store.listDeliveries(h.accountId, { limit: 10 }))
        .filter((d) => later.includes(d.eventId))
        .map((d) => d.id)
        .sort(),
    );
    // Each sent once, as attempt 1, well before the 1.3 s lease of the given-back claims would end.
    const sentIds = slow.target.requests.map((r) => r.headers["x-voicehire-event-id"]);
    expect([...sentIds].sort()).toEqual([...first, ...later].sort());
    expect(slow.target.requests.every((r) => r.headers["x-voicehire-attempt"] === "1")).toBe(true);
    expect(Date.now() - startedAt).toBeLessThan(1300);
  });

  it("merges wake-ups: a burst of five woken publishes, 20 ms apart, makes one or two claims", async () => {
    const target = await h.receiver(answer(200));
    await seedEndpoint(h.store, h.accountId, target.url);
    const { counted, calls } = countingStore(h.store);
    const worker = h.startWorker({ idlePollMs: 60_000, claimMergeMs: 1_000 }, { store: counted });
    await waitFor("the worker to go idle", () => calls.dueReads === 1);

    // Within a merge window of a second, the wake-ups of the burst make one claim (two when the
    // machine is so slow that the burst outlasts the window); unmerged, each makes its own.
    const claimsBefore = calls.claims;
    for (let i = 0; i < 5; i++) {
      await publishEnvelope(h.store, h.accountId, { i });
      worker.wake();
      await pause(20);
    }
    await waitFor("the five deliveries to arrive", () => target.requests.length === 5);
    expect(calls.claims - claimsBefore).toBeLessThanOrEqual(2);
  });
});
