import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiHarness, startApiHarness } from "./support/api-harness.js";
import { recordBusyAttempt } from "./support/attempts.js";
import { sampleData } from "./support/samples.js";

let h: ApiHarness;
let endpointA: string;
let endpointB: string;
const publishedIds: string[] = [];

beforeAll(async () => {
  h = await startApiHarness();
  const create = async (url: string, types: string[]) =>
    (await h.as(h.alice.auth).post("/v1/endpoints", { url, event_types: types })).json().id as string;
  endpointA = await create("https://a.example.com/h", ["campaign.created", "candidate.added"]);
  endpointB = await create("https://b.example.com/h", ["candidate.added"]);
  // 3 campaign.created (A only) and 2 candidate.added (A and B): 7 deliveries.
  for (const type of [
    "campaign.created",
    "candidate.added",
    "campaign.created",
    "candidate.added",
    "campaign.created",
  ]) {
    h.clock.advance(1000);
    const answer = await h
      .as(h.alice.auth)
      .post("/v1/events", { event: type, data: sampleData(type as "campaign.created") });
    publishedIds.push(answer.json().id);
  }
});
afterAll(async () => {
  await h.close();
});

async function list(query: string) {
  return h.app.inject({ method: "GET", url: `/v1/deliveries${query}`, headers: h.alice.auth });
}

describe("GET /v1/deliveries", () => {
  it("lists newest first, 50 by default, with next_cursor null on the last page", async () => {
    const answer = await list("");
    expect(answer.statusCode).toBe(200);
    const { data, next_cursor } = answer.json();
    expect(data).toHaveLength(7);
    expect(next_cursor).toBeNull();
    const ids = data.map((d: { id: string }) => d.id);
    expect(ids).toEqual([...ids].sort().reverse());
    expect(data[0]).toEqual({
      id: expect.stringMatching(/^dlv_/),
      event_id: publishedIds[4],
      endpoint_id: endpointA,
      event_type: "campaign.created",
      status: "pending",
      attempt_count: 0,
      next_attempt_at: "2024-01-15T10:30:05.000Z",
      last_status_code: null,
      last_error_kind: null,
      test: false,
      created_at: "2024-01-15T10:30:05.000Z",
      updated_at: "2024-01-15T10:30:05.000Z",
      waiting_for: null,
    });
  });

  it("pages with limit and cursor, without gaps or repeats", async () => {
    const all = (await list("")).json().data.map((d: { id: string }) => d.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 10; page++) {
      const answer = await list(`?limit=3${cursor === null ? "" : `&cursor=${cursor}`}`);
      const body = answer.json();
      expect(body.data.length).toBeLessThanOrEqual(3);
      seen.push(...body.data.map((d: { id: string }) => d.id));
      cursor = body.next_cursor;
      if (cursor === null) break;
    }
    expect(seen).toEqual(all);
  });

  it("filters by endpoint_id, event_id, event_type and status", async () => {
    const byEndpoint = (await list(`?endpoint_id=${endpointB}`)).json().data;
    expect(byEndpoint).toHaveLength(2);
    expect(byEndpoint.every((d: { endpoint_id: string }) => d.endpoint_id === endpointB)).toBe(true);
    const byEvent = (await list(`?event_id=${publishedIds[1]}`)).json().data;
    expect(byEvent.map((d: { endpoint_id: string }) => d.endpoint_id).sort()).toEqual(
      [endpointA, endpointB].sort(),
    );
    const byType = (await list("?event_type=campaign.created")).json().data;
    expect(byType).toHaveLength(3);
    expect((await list("?status=succeeded")).json().data).toEqual([]);
    expect((await list("?status=pending&event_type=candidate.added&limit=100")).json().data).toHaveLength(4);
  });

  it.each([
    ["?limit=0", "limit"],
    ["?limit=101", "limit"],
    ["?limit=ten", "limit"],
    ["?limit=-1", "limit"],
    ["?status=done", "status"],
    ["?event_type=campaign.deleted", "event_type"],
    ["?status=pending&status=failed", "status"],
    ["?endpoint=ep_1", "endpoint"],
  ])("refuses %s with 422 naming %s", async (query, field) => {
    const answer = await list(query);
    expect(answer.statusCode).toBe(422);
    expect(answer.headers["content-type"]).toContain("application/problem+json");
    expect(answer.json().errors.map((e: { field: string }) => e.field)).toEqual([field]);
  });
});

describe("GET /v1/deliveries/:id", () => {
  it("answers the delivery with its attempts, oldest first", async () => {
    const startedAt = h.clock.now();
    const claimed = await recordBusyAttempt(h, {
      workerId: "w1",
      requestHeaders: { "X-VoiceHire-Attempt": "1", "X-VoiceHire-Signature": "[redacted]" },
      responseHeaders: { "retry-after": "60" },
      next: { status: "pending", nextAttemptAt: startedAt + 60_000 },
    });
    const answer = await h.as(h.alice.auth).get(`/v1/deliveries/${claimed.deliveryId}`);
    expect(answer.statusCode).toBe(200);
    const body = answer.json();
    expect(body).toMatchObject({
      id: claimed.deliveryId,
      status: "pending",
      attempt_count: 1,
      last_status_code: 503,
      last_error_kind: "http_status",
      next_attempt_at: new Date(startedAt + 60_000).toISOString(),
    });
    expect(body.attempts).toEqual([
      {
        id: expect.stringMatching(/^att_/),
        attempt_number: 1,
        started_at: new Date(startedAt).toISOString(),
        duration_ms: 12,
        status_code: 503,
        error_kind: "http_status",
        error_message: "HTTP 503",
        response_excerpt: "busy",
        request_headers: { "X-VoiceHire-Attempt": "1", "X-VoiceHire-Signature": "[redacted]" },
        response_headers: { "retry-after": "60" },
      },
    ]);
    expect(body.event).toMatchObject({ id: claimed.eventId, event: claimed.eventType });
  });

  it("is 404 for an unknown id", async () => {
    const answer = await h.as(h.alice.auth).get("/v1/deliveries/dlv_nope");
    expect(answer.statusCode).toBe(404);
    expect(answer.json().code).toBe("not_found");
  });
});
