import { setTimeout as delay } from "node:timers/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { aliceRequests } from "./support/alice-requests.js";
import { type ApiHarness, startApiHarness } from "./support/api-harness.js";
import { attemptDueDeliveries } from "./support/attempts.js";
import { PROBLEM_JSON } from "./support/samples.js";

let h: ApiHarness;
beforeEach(async () => {
  // These tests fail thousands of deliveries of one endpoint in a few store calls, playing the worker:
  // its circuit would hold them (that is tested in endpoint-circuit.test.ts), so it never opens here.
  h = await startApiHarness({
    circuit: { failureThreshold: Number.MAX_SAFE_INTEGER, cooldownMs: 1, maxCooldownMs: 1 },
  });
});
afterEach(async () => {
  await h.close();
});

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const { createEndpoint, publishCandidate, get, post } = aliceRequests(() => h);

describe("POST /v1/endpoints/:id/recover and GET /v1/recoveries/:id", () => {
  it("re-queues the failed deliveries whose events happened in the window, once", async () => {
    const id = await createEndpoint();
    const other = await createEndpoint();
    const at = (offset: number) => new Date(h.clock.now() + offset).toISOString();
    await publishCandidate("c", "a", at(-3 * DAY)); // before the window
    await publishCandidate("c", "b", at(-2 * DAY));
    await publishCandidate("c", "c", at(-DAY));
    await attemptDueDeliveries(h.store, h.clock.now(), 500);
    await publishCandidate("c", "d", at(-DAY)); // succeeded: left alone
    await attemptDueDeliveries(h.store, h.clock.now(), 200);

    const answer = await post(`/v1/endpoints/${id}/recover`, { since: at(-2 * DAY - 1) });
    expect(answer.statusCode).toBe(202);
    const recovery = answer.json();
    expect(recovery).toMatchObject({
      recovery_id: expect.stringMatching(/^rcv_/),
      endpoint_id: id,
      status: "done",
      total: 2,
      requeued: 2,
      until: new Date(h.clock.now() + 1).toISOString(),
    });
    expect(answer.headers.location).toBe(`/v1/recoveries/${recovery.recovery_id}`);
    expect((await get(`/v1/recoveries/${recovery.recovery_id}`)).json()).toEqual(recovery);
    const pending = (await get(`/v1/deliveries?status=pending`)).json().data;
    expect(pending.map((d: { endpoint_id: string }) => d.endpoint_id)).toEqual([id, id]);
    expect((await get(`/v1/deliveries?status=failed&endpoint_id=${other}`)).json().data).toHaveLength(3);

    // Idempotent: nothing failed is left in that window.
    const again = (await post(`/v1/endpoints/${id}/recover`, { since: at(-2 * DAY - 1) })).json();
    expect(again).toMatchObject({ status: "done", total: 0, requeued: 0 });
    expect((await get("/v1/deliveries?status=pending")).json().data).toHaveLength(2);
  });

  it("works through a large recovery in batches, reporting progress until done", async () => {
    const id = await createEndpoint(["campaign.created"]);
    // 2,100 events in one store call: publishing them one by one through the API would be slow for nothing.
    await h.store.publish({
      accountId: h.alice.account.id,
      idempotencyKey: null,
      events: Array.from({ length: 2100 }, (_, i) => ({
        id: `evt_bulk${String(i).padStart(5, "0")}`,
        type: "campaign.created",
        occurredAt: h.clock.now() - i,
        body: new TextEncoder().encode("{}"),
        storeEvenWithoutDeliveries: true,
      })),
      campaignId: null,
      now: h.clock.now(),
    });
    for (let round = 0; round < 5; round++) {
      if ((await attemptDueDeliveries(h.store, h.clock.now(), 500)).length === 0) break;
    }
    expect((await h.deliveryCounts()).failed).toBe(2100);
    const started = (
      await post(`/v1/endpoints/${id}/recover`, { since: new Date(h.clock.now() - HOUR).toISOString() })
    ).json();
    expect(started).toMatchObject({ status: "running", total: 2100, requeued: 2000 });
    const deadline = Date.now() + 10_000;
    let progress = started;
    // Polls like a client would, letting the event loop run the background batches in between.
    while (progress.status !== "done" && Date.now() < deadline) {
      await delay(10);
      progress = (await get(`/v1/recoveries/${started.recovery_id}`)).json();
    }
    expect(progress).toMatchObject({ status: "done", total: 2100, requeued: 2100 });
    expect((await h.deliveryCounts()).pending).toBe(2100);
  });

  it("takes up a recovery left running by a process that stopped, when its progress is read", async () => {
    const id = await createEndpoint();
    await publishCandidate("c", "a");
    await publishCandidate("c", "b");
    await attemptDueDeliveries(h.store, h.clock.now(), 500);
    // Started by "another process" that stopped before running a single batch.
    const orphan = await h.store.startRecovery({
      id: "rcv_orphan",
      accountId: h.alice.account.id,
      endpointId: id,
      since: h.clock.now() - HOUR,
      until: h.clock.now() + 1,
      now: h.clock.now(),
    });
    expect(orphan).toMatchObject({ status: "running", total: 2, requeued: 0 });
    // Recently moved: left to whoever runs it.
    expect((await get("/v1/recoveries/rcv_orphan")).json()).toMatchObject({ status: "running", requeued: 0 });
    await delay(50);
    expect((await h.store.getRecovery(h.alice.account.id, "rcv_orphan"))?.status).toBe("running");
    // Stalled: reading it takes it up again.
    h.clock.advance(10_000);
    await get("/v1/recoveries/rcv_orphan");
    const deadline = Date.now() + 5000;
    let progress = (await get("/v1/recoveries/rcv_orphan")).json();
    while (progress.status !== "done" && Date.now() < deadline) {
      await delay(10);
      progress = (await get("/v1/recoveries/rcv_orphan")).json();
    }
    expect(progress).toMatchObject({ status: "done", total: 2, requeued: 2 });
    expect((await h.deliveryCounts()).pending).toBe(2);
  });

  it.each([
    [{}, "since", "is required"],
    [{ since: "last week" }, "since", "must be a date-time"],
    [{ since: "2024-01-01T00:00:00Z", until: "2023-12-01T00:00:00Z" }, "until", "must be after since"],
    [{ since: "2023-11-01T00:00:00Z" }, "since", "must be at most 30 days before until"],
    [{ since: "2099-01-01T00:00:00Z" }, "since", "must be in the past"],
    [{ since: "2024-01-10T00:00:00Z", status: "failed" }, "status", "is not allowed"],
  ])("refuses %j naming %s, re-queuing nothing", async (payload, field, message) => {
    const id = await createEndpoint();
    await publishCandidate("c", "a");
    await attemptDueDeliveries(h.store, h.clock.now(), 500);
    const answer = await post(`/v1/endpoints/${id}/recover`, payload);
    expect(answer.statusCode).toBe(422);
    expect(answer.headers["content-type"]).toContain(PROBLEM_JSON);
    expect(answer.json().errors).toEqual([{ field, message: expect.stringContaining(message) }]);
    expect((await h.deliveryCounts()).pending).toBe(0);
  });

  it("answers 404 for an unknown endpoint or recovery, and 400 without a body", async () => {
    const id = await createEndpoint();
    expect((await post("/v1/endpoints/ep_nope/recover", { since: "2024-01-10T00:00:00Z" })).statusCode).toBe(
      404,
    );
    expect((await get("/v1/recoveries/rcv_nope")).statusCode).toBe(404);
    expect((await post(`/v1/endpoints/${id}/recover`)).json()).toMatchObject({ code: "empty_body" });
  });
});
