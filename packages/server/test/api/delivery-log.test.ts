import { describe, expect, it } from "vitest";
import { forEachTest } from "../support/fixture-hooks.js";
import { aliceRequests } from "./support/alice-requests.js";
import { type ApiHarness, apiHarness } from "./support/api-harness.js";
import { attemptDueDeliveries } from "./support/attempts.js";
import { expectValidationProblem } from "./support/problem-fields.js";
import { sampleData } from "./support/samples.js";

let h: ApiHarness;
forEachTest(apiHarness(), (started) => {
  h = started;
});

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const { createEndpoint, publishCandidate, get, post } = aliceRequests(() => h);
const eventIdsOf = async (query: string) =>
  (await get(`/v1/deliveries${query}`)).json().data.map((d: { event_id: string }) => d.event_id);

describe("GET /v1/deliveries filters", () => {
  it("filters by campaign, candidate and time range, combined with the others and the cursor", async () => {
    await createEndpoint();
    const first = await publishCandidate("cmp_1", "cand_a");
    h.clock.advance(HOUR);
    const second = await publishCandidate("cmp_1", "cand_b");
    h.clock.advance(HOUR);
    const third = await publishCandidate("cmp_2", "cand_a");
    const since = new Date(h.clock.now() - HOUR).toISOString();
    const until = new Date(h.clock.now()).toISOString();

    expect(await eventIdsOf("?campaign_id=cmp_1")).toEqual([second, first]);
    expect(await eventIdsOf("?candidate_id=cand_a")).toEqual([third, first]);
    expect(await eventIdsOf(`?since=${since}`)).toEqual([third, second]);
    expect(await eventIdsOf(`?since=${since}&until=${until}`)).toEqual([second]);
    expect(
      await eventIdsOf("?campaign_id=cmp_1&event_type=candidate.added&status=pending&test=false"),
    ).toEqual([second, first]);
    const page = (await get("/v1/deliveries?campaign_id=cmp_1&limit=1")).json();
    expect(page.data).toHaveLength(1);
    expect(await eventIdsOf(`?campaign_id=cmp_1&cursor=${page.next_cursor}`)).toEqual([first]);
    expect(await eventIdsOf("?campaign_id=cmp_unknown")).toEqual([]);
  });

  it.each([
    ["?since=yesterday", "since"],
    ["?until=2024-13-01T00:00:00Z", "until"],
    ["?since=2024-01-15T12:00:00Z&until=2024-01-15T11:00:00Z", "until"],
    ["?test=maybe", "test"],
    ["?campaign_id=", "campaign_id"],
    ["?candidate_id=a&candidate_id=b", "candidate_id"],
    ["?limit=0", "limit"],
    ["?order=asc", "order"],
  ])("refuses %s naming %s", async (query, field) => {
    expectValidationProblem(await get(`/v1/deliveries${query}`), [field]);
  });
});

describe("GET /v1/deliveries/:id", () => {
  it("shows the envelope, every attempt and the next retry time", async () => {
    await createEndpoint();
    const eventId = await publishCandidate("cmp_1", "cand_a");
    const [deliveryId] = await attemptDueDeliveries(h.store, h.clock.now(), 503, h.clock.now() + MINUTE);
    h.clock.advance(MINUTE);
    await attemptDueDeliveries(h.store, h.clock.now(), 502, h.clock.now() + 10 * MINUTE);
    const detail = (await get(`/v1/deliveries/${deliveryId}`)).json();
    expect(detail).toMatchObject({
      id: deliveryId,
      event_id: eventId,
      status: "pending",
      attempt_count: 2,
      next_attempt_at: new Date(h.clock.now() + 10 * MINUTE).toISOString(),
      test: false,
      event: {
        id: eventId,
        event: "candidate.added",
        data: { campaign_id: "cmp_1", candidate_id: "cand_a" },
      },
    });
    expect(
      detail.attempts.map((a: { attempt_number: number; status_code: number }) => [
        a.attempt_number,
        a.status_code,
      ]),
    ).toEqual([
      [1, 503],
      [2, 502],
    ]);
  });
});

describe("POST /v1/deliveries/:id/resend", () => {
  it("makes a failed delivery pending now, with a fresh retry budget, and wakes the workers", async () => {
    await createEndpoint();
    await publishCandidate("cmp_1", "cand_a");
    const [deliveryId] = await attemptDueDeliveries(h.store, h.clock.now(), 500);
    h.clock.advance(HOUR);
    const wakeups = h.wakeups();
    const answer = await post(`/v1/deliveries/${deliveryId}/resend`);
    expect(answer.statusCode).toBe(202);
    expect(answer.json()).toMatchObject({
      id: deliveryId,
      status: "pending",
      attempt_count: 1,
      next_attempt_at: new Date(h.clock.now()).toISOString(),
    });
    expect(h.wakeups()).toBe(wakeups + 1);
    const [claim] = await h.store.claimDueDeliveries({
      workerId: "w",
      now: h.clock.now(),
      leaseMs: 1000,
      limit: 5,
    });
    expect(claim).toMatchObject({ deliveryId, attemptNumber: 2, retryBudgetStart: 1 });
  });

  it("refuses a test delivery (409) and answers 404 for an unknown one", async () => {
    const id = await createEndpoint();
    const test = await h.store.listDeliveries(h.alice.account.id, { limit: 1 });
    expect(test).toEqual([]);
    await h.store.recordTestDelivery({
      event: {
        id: "evt_test1",
        type: "campaign.created",
        occurredAt: h.clock.now(),
        body: new TextEncoder().encode('{"test":true}'),
        storeEvenWithoutDeliveries: true,
      },
      delivery: {
        id: "dlv_test1",
        accountId: h.alice.account.id,
        eventId: "evt_test1",
        endpointId: id,
        eventType: "campaign.created",
        status: "failed",
        attemptCount: 1,
        nextAttemptAt: null,
        lastStatusCode: 500,
        lastErrorKind: "http_status",
        test: true,
        createdAt: h.clock.now(),
        updatedAt: h.clock.now(),
      },
      attempt: {
        id: "att_test1",
        deliveryId: "dlv_test1",
        attemptNumber: 1,
        startedAt: h.clock.now(),
        durationMs: 3,
        statusCode: 500,
        errorKind: "http_status",
        errorMessage: "HTTP 500",
        responseExcerpt: null,
      },
    });
    const refused = await post("/v1/deliveries/dlv_test1/resend");
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: "conflict" });
    expect((await h.store.getDelivery(h.alice.account.id, "dlv_test1"))?.status).toBe("failed");
    expect((await post("/v1/deliveries/dlv_nope/resend")).statusCode).toBe(404);
  });
});

describe("GET /v1/events", () => {
  it("lists the stored events newest first, by type, with the cursor", async () => {
    await createEndpoint();
    const first = await publishCandidate("c", "a");
    const second = await publishCandidate("c", "b");
    const campaign = await h
      .as(h.alice.auth)
      .post("/v1/events", { event: "campaign.created", data: sampleData("campaign.created") });
    const listed = (await get("/v1/events")).json();
    expect(listed.data.map((e: { id: string }) => e.id)).toEqual([campaign.json().id, second, first]);
    expect(listed.next_cursor).toBeNull();
    expect(listed.data[1]).toEqual({
      id: second,
      event: "candidate.added",
      timestamp: new Date(h.clock.now()).toISOString(),
      created_at: new Date(h.clock.now()).toISOString(),
      test: false,
      envelope: expect.objectContaining({ id: second, event: "candidate.added" }),
    });
    const candidates = (await get("/v1/events?event_type=candidate.added&limit=1")).json();
    expect(candidates.data.map((e: { id: string }) => e.id)).toEqual([second]);
    const next = (await get(`/v1/events?event_type=candidate.added&cursor=${candidates.next_cursor}`)).json();
    expect(next.data.map((e: { id: string }) => e.id)).toEqual([first]);
    expect(
      (await h.app.inject({ method: "GET", url: "/v1/events", headers: h.bob.auth })).json().data,
    ).toEqual([]);
  });

  it.each([
    ["?event_type=nope", "event_type"],
    ["?limit=101", "limit"],
    ["?status=failed", "status"],
  ])("refuses %s naming %s", async (query, field) => {
    expectValidationProblem(await get(`/v1/events${query}`), [field]);
  });
});
