import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiHarness, startApiHarness } from "./support/api-harness.js";
import { storesUnderTest } from "./support/both-stores.js";
import { completedWithResponses, PROBLEM_JSON, sampleData } from "./support/samples.js";

/**
 * `POST /v1/events/batch`: per-item results in the order sent, per-item problems naming
 * `events[i].field`, idempotency keys per item shared with the single route, and the envelope's own
 * problems (nothing stored), on both stores.
 */
const stores = await storesUnderTest("packages/server/test/api/events-batch.test.ts");

const added = (candidate: string) => ({
  event: "candidate.added",
  data: { ...sampleData("candidate.added"), candidate_id: candidate },
});

describe.each(stores)("POST /v1/events/batch on $name", ({ options }) => {
  let h: ApiHarness;

  const batch = (payload: unknown, who = h.alice) =>
    h.app.inject({
      method: "POST",
      url: "/v1/events/batch",
      headers: { ...who.auth, "content-type": "application/json" },
      payload: JSON.stringify(payload),
    });

  beforeAll(async () => {
    h = await startApiHarness(options);
    for (const types of [
      ["candidate.added"],
      ["candidate.added", "candidate.interview.completed.extended"],
    ]) {
      const created = await h.app.inject({
        method: "POST",
        url: "/v1/endpoints",
        headers: h.alice.auth,
        payload: { url: "https://hooks.example.com/h", event_types: types },
      });
      expect(created.statusCode).toBe(201);
    }
  });
  afterAll(async () => {
    await h?.close();
  });

  it("answers every item in the order sent, each stored with its deliveries", async () => {
    const before = await h.deliveryCounts();
    const items = Array.from({ length: 40 }, (_, i) => added(`cand-order-${i}`));
    items.splice(7, 0, { event: "candidate.interview.completed", data: completedWithResponses() });
    const answer = await batch({ events: items });
    expect(answer.statusCode).toBe(200);
    const { results } = answer.json();
    expect(results).toHaveLength(41);
    expect(results[7]).toMatchObject({
      status: 202,
      event: "candidate.interview.completed",
      deliveries: 0,
      derived: [{ event: "candidate.interview.completed.extended", deliveries: 1 }],
      duplicate: false,
    });
    const others = results.filter((_: unknown, i: number) => i !== 7);
    for (const result of others) {
      expect(result).toMatchObject({
        status: 202,
        event: "candidate.added",
        deliveries: 2,
        duplicate: false,
      });
    }
    // In order: each result is the event of the item at its place.
    for (const [i, result] of results.entries()) {
      const stored = await h.store.getEvent(h.alice.account.id, result.id);
      const body = JSON.parse(new TextDecoder().decode(stored?.body));
      expect(body.event).toBe(items[i]?.event);
      if (body.event === "candidate.added") expect(body.data.candidate_id).toBe(items[i]?.data.candidate_id);
    }
    expect(new Set(results.map((r: { id: string }) => r.id)).size).toBe(41);
    expect((await h.deliveryCounts()).pending - before.pending).toBe(40 * 2 + 1);
  });

  it("refuses invalid items on their own, naming events[i].field, and stores the valid ones", async () => {
    const before = await h.deliveryCounts();
    const wrongScore = { event: "candidate.interview.completed", data: { ...completedWithResponses() } };
    (wrongScore.data as Record<string, unknown>).interview_score = "high";
    const answer = await batch({
      events: [
        added("cand-valid-0"),
        { event: "credits.low", data: {} },
        wrongScore,
        "not an object",
        { ...added("cand-bad-key"), idempotency_key: "" },
        { ...added("cand-extra"), color: "red" },
        added("cand-valid-1"),
      ],
    });
    expect(answer.statusCode).toBe(200);
    const { results } = answer.json();
    expect(results.map((r: { status: number }) => r.status)).toEqual([202, 422, 422, 422, 422, 422, 202]);
    const fields = results.map((r: { errors?: { field: string }[] }) => r.errors?.map((e) => e.field));
    expect(fields[1]).toEqual(["events[1].event"]);
    expect(fields[2]).toContain("events[2].data.interview_score");
    expect(fields[3]).toEqual(["events[3]"]);
    expect(fields[4]).toEqual(["events[4].idempotency_key"]);
    expect(fields[5]).toEqual(["events[5].color"]);
    expect(results[1]).toMatchObject({
      code: "validation_failed",
      type: expect.stringContaining("validation"),
    });
    expect((await h.deliveryCounts()).pending - before.pending).toBe(2 * 2);
  });

  it("answers a repeated idempotency key with the first event, in the batch and across routes", async () => {
    const single = await h.app.inject({
      method: "POST",
      url: "/v1/events",
      headers: { ...h.alice.auth, "idempotency-key": "batch-key-single" },
      payload: added("cand-key-single"),
    });
    expect(single.statusCode).toBe(202);
    const before = await h.deliveryCounts();
    const first = await batch({
      events: [
        { ...added("cand-key-a"), idempotency_key: "batch-key-a" },
        { ...added("cand-key-a-again"), idempotency_key: "batch-key-a" },
        { ...added("cand-key-single-again"), idempotency_key: "batch-key-single" },
      ],
    });
    const [a, aAgain, singleAgain] = first.json().results;
    expect(a).toMatchObject({ status: 202, duplicate: false });
    expect(aAgain).toEqual({
      status: 200,
      id: a.id,
      event: "candidate.added",
      timestamp: a.timestamp,
      duplicate: true,
    });
    expect(singleAgain).toMatchObject({ status: 200, id: single.json().id, duplicate: true });
    expect((await h.deliveryCounts()).pending - before.pending).toBe(2);

    // The whole batch retried: every item answers its first event, nothing new is stored.
    const retried = await batch({ events: [{ ...added("cand-key-a"), idempotency_key: "batch-key-a" }] });
    expect(retried.json().results).toEqual([{ ...aAgain }]);
    expect((await h.deliveryCounts()).pending - before.pending).toBe(2);
    // Keys are per account: Bob's same key is a new event of his.
    const bobs = await batch({ events: [{ ...added("cand-bob"), idempotency_key: "batch-key-a" }] }, h.bob);
    expect(bobs.json().results[0]).toMatchObject({ status: 202, duplicate: false, deliveries: 0 });
  });

  it("refuses a wrong envelope as a whole (422 naming events, 400 without a body) and stores nothing", async () => {
    const before = await h.deliveryCounts();
    const cases: [unknown, string, string][] = [
      [{}, "events", "is required"],
      [{ events: "x" }, "events", "must be an array"],
      [{ events: [] }, "events", "must have at least 1 item"],
      [{ events: Array.from({ length: 501 }, (_, i) => added(`cand-many-${i}`)) }, "events", "at most 500"],
      [{ events: [added("cand-extra-key")], extra: 1 }, "extra", "is not allowed"],
      [[added("cand-array")], "body", "must be a JSON object"],
    ];
    for (const [payload, field, message] of cases) {
      const answer = await batch(payload);
      expect(answer.statusCode, JSON.stringify(payload).slice(0, 80)).toBe(422);
      expect(answer.headers["content-type"]).toContain(PROBLEM_JSON);
      const errors: { field: string; message: string }[] = answer.json().errors;
      expect(errors.find((e) => e.field === field)?.message).toContain(message);
    }
    const empty = await h.app.inject({ method: "POST", url: "/v1/events/batch", headers: h.alice.auth });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().errors[0].field).toBe("body");
    expect(await h.deliveryCounts()).toEqual(before);
  });

  it("takes exactly 500 items", async () => {
    const answer = await batch({ events: Array.from({ length: 500 }, (_, i) => added(`cand-500-${i}`)) });
    expect(answer.statusCode).toBe(200);
    const statuses = new Set(answer.json().results.map((r: { status: number }) => r.status));
    expect(statuses).toEqual(new Set([202]));
  });
});
