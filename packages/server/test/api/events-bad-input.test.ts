import { EVENT_TYPES } from "@voicehire/webhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiHarness, startApiHarness } from "./support/api-harness.js";
import { problemFields } from "./support/problem-fields.js";
import { completedWithResponses, PROBLEM_JSON, sampleData } from "./support/samples.js";

let h: ApiHarness;

async function publish(body: unknown, headers: Record<string, string> = {}) {
  return h.app.inject({
    method: "POST",
    url: "/v1/events",
    headers: { ...h.alice.auth, "content-type": "application/json", ...headers },
    payload: JSON.stringify(body),
  });
}

beforeAll(async () => {
  h = await startApiHarness();
  // Subscribed to everything: any stored event would create a delivery, which the "nothing stored"
  // checks count.
  const endpoint = await h.app.inject({
    method: "POST",
    url: "/v1/endpoints",
    headers: h.alice.auth,
    payload: { url: "https://all.example.com/h", event_types: [...EVENT_TYPES] },
  });
  expect(endpoint.statusCode).toBe(201);
});
afterAll(async () => {
  await h.close();
});

describe("POST /v1/events: bad input answers 4xx problem+json naming the field, and stores nothing", () => {
  const completed = sampleData("candidate.interview.completed");
  const cases: [string, unknown, number, string, string][] = [
    ["a JSON array", [], 422, "validation_failed", "body"],
    ["a JSON string", "campaign.created", 422, "validation_failed", "body"],
    ["event missing", { data: sampleData("campaign.created") }, 422, "validation_failed", "event"],
    ["event unknown", { event: "campaign.deleted", data: {} }, 422, "validation_failed", "event"],
    ["event not a string", { event: 5, data: {} }, 422, "validation_failed", "event"],
    ["data missing", { event: "campaign.created" }, 422, "validation_failed", "data"],
    ["data not an object", { event: "campaign.created", data: [1] }, 422, "validation_failed", "data"],
    [
      "a field missing",
      { event: "campaign.created", data: { ...sampleData("campaign.created"), job_title: undefined } },
      422,
      "validation_failed",
      "data.job_title",
    ],
    [
      "a field mistyped",
      { event: "candidate.interview.completed", data: { ...completed, interview_score: "8.5" } },
      422,
      "validation_failed",
      "data.interview_score",
    ],
    [
      "a field not in the catalog",
      { event: "candidate.added", data: { ...sampleData("candidate.added"), score: 3 } },
      422,
      "validation_failed",
      "data.score",
    ],
    [
      "a bad failure_reason",
      {
        event: "candidate.interview.failed",
        data: { ...sampleData("candidate.interview.failed"), failure_reason: "busy" },
      },
      422,
      "validation_failed",
      "data.failure_reason",
    ],
    [
      "a malformed response",
      {
        event: "candidate.interview.completed",
        data: { ...completed, responses: [{ question: "Q?", answer: "A" }] },
      },
      422,
      "validation_failed",
      "data.responses[0].score",
    ],
    [
      "responses on another event",
      { event: "candidate.added", data: { ...sampleData("candidate.added"), responses: [] } },
      422,
      "validation_failed",
      "data.responses",
    ],
    [
      "a malformed timestamp",
      { event: "campaign.created", data: sampleData("campaign.created"), timestamp: "yesterday" },
      422,
      "validation_failed",
      "timestamp",
    ],
    [
      "an impossible date",
      { event: "campaign.created", data: sampleData("campaign.created"), timestamp: "2024-02-30T10:00:00Z" },
      422,
      "validation_failed",
      "timestamp",
    ],
    [
      "an unknown top-level field",
      { event: "campaign.created", data: sampleData("campaign.created"), test: true },
      422,
      "validation_failed",
      "test",
    ],
  ];

  it.each(cases)("%s", async (_name, body, status, code, field) => {
    const counts = await h.deliveryCounts();
    const answer = await publish(body);
    expect(answer.statusCode).toBe(status);
    expect(answer.headers["content-type"]).toContain(PROBLEM_JSON);
    expect(answer.json()).toMatchObject({ status, code });
    expect(answer.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    expect(answer.json().detail).toContain(field);
    expect(await h.deliveryCounts()).toEqual(counts);
  });

  it("refuses a __proto__ key in data as a field that is not allowed", async () => {
    const counts = await h.deliveryCounts();
    const body = `{"event":"candidate.added","data":${JSON.stringify(sampleData("candidate.added")).replace("{", '{"__proto__":{"admin":true},')}}`;
    const answer = await publish(JSON.parse(body));
    expect(answer.statusCode).toBe(422);
    expect(answer.json().errors.map((e: { field: string }) => e.field)).toEqual(["data.__proto__"]);
    expect(await h.deliveryCounts()).toEqual(counts);
  });

  it("refuses derived events, saying what to publish instead", async () => {
    const extended = await publish({
      event: "candidate.interview.completed.extended",
      data: completedWithResponses(),
    });
    expect(extended.statusCode).toBe(422);
    expect(extended.json().errors[0]).toEqual({
      field: "event",
      message: expect.stringContaining(
        "publish candidate.interview.completed with the responses in data.responses",
      ),
    });
    const low = await publish({ event: "credits.low", data: { credits_remaining: 1, threshold: 10 } });
    expect(low.statusCode).toBe(422);
    expect(low.json().errors[0].message).toContain("POST /v1/credits/balance");
  });

  it("reports every offending field of the data at once", async () => {
    const answer = await publish({
      event: "candidate.interview.completed",
      data: { ...completed, interview_score: "high", availability_start: "soon", phone: undefined, extra: 1 },
    });
    const fields = problemFields(answer).sort();
    expect(fields).toEqual(["data.availability_start", "data.extra", "data.interview_score", "data.phone"]);
  });

  it("malformed JSON, an empty body and a non-JSON content type are 400, 400 and 415", async () => {
    const counts = await h.deliveryCounts();
    const json = { ...h.alice.auth, "content-type": "application/json" };
    const malformed = await h.app.inject({
      method: "POST",
      url: "/v1/events",
      headers: json,
      payload: '{"event":',
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()).toMatchObject({ code: "invalid_json", errors: [{ field: "body" }] });
    const empty = await h.app.inject({ method: "POST", url: "/v1/events", headers: json, payload: "" });
    expect(empty.statusCode).toBe(400);
    expect(empty.json()).toMatchObject({ code: "empty_body", errors: [{ field: "body" }] });
    const noBody = await h.app.inject({ method: "POST", url: "/v1/events", headers: h.alice.auth });
    expect(noBody.statusCode).toBe(400);
    expect(noBody.json().code).toBe("empty_body");
    const text = await h.app.inject({
      method: "POST",
      url: "/v1/events",
      headers: { ...h.alice.auth, "content-type": "text/plain" },
      payload: JSON.stringify({ event: "campaign.created", data: sampleData("campaign.created") }),
    });
    expect(text.statusCode).toBe(415);
    expect(text.headers["content-type"]).toContain(PROBLEM_JSON);
    expect(await h.deliveryCounts()).toEqual(counts);
  });

  it("a body over the limit (1 MiB by default) is 413", async () => {
    const counts = await h.deliveryCounts();
    const huge = {
      event: "campaign.created",
      data: { ...sampleData("campaign.created"), job_title: "x".repeat(1024 * 1024) },
    };
    const answer = await publish(huge);
    expect(answer.statusCode).toBe(413);
    expect(answer.json()).toMatchObject({ code: "payload_too_large", errors: [{ field: "body" }] });
    expect(answer.json().detail).toContain("1048576");
    expect(await h.deliveryCounts()).toEqual(counts);
  });

  it("GET /v1/events/:id of an unknown id is 404", async () => {
    const answer = await h.app.inject({ method: "GET", url: "/v1/events/evt_nope", headers: h.alice.auth });
    expect(answer.statusCode).toBe(404);
    expect(answer.json()).toMatchObject({ code: "not_found", detail: expect.stringContaining("evt_nope") });
  });
});
