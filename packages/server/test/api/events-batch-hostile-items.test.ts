import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiHarness, startApiHarness } from "./support/api-harness.js";
import { storesUnderTest } from "./support/both-stores.js";
import { sampleData } from "./support/samples.js";

/**
 * Batch items carrying what the real world sends: a year past 9999 is refused for that item alone,
 * naming `events[i].timestamp`; text no store can keep (U+0000) refuses the request before anything
 * is written, naming where it sits. On both stores.
 */
const stores = await storesUnderTest("packages/server/test/api/events-batch-hostile-items.test.ts");

const added = (candidate: string, extra: Record<string, unknown> = {}) => ({
  event: "candidate.added",
  data: { ...sampleData("candidate.added"), candidate_id: candidate },
  ...extra,
});

describe.each(stores)("hostile batch items on $name", ({ options }) => {
  let h: ApiHarness;
  const batch = (payload: unknown) =>
    h.app.inject({
      method: "POST",
      url: "/v1/events/batch",
      headers: { ...h.alice.auth, "content-type": "application/json" },
      payload: JSON.stringify(payload),
    });

  beforeAll(async () => {
    h = await startApiHarness(options);
    const created = await h.as(h.alice.auth).post("/v1/endpoints", {
      url: "https://hooks.example.com/h",
      event_types: ["candidate.added"],
    });
    expect(created.statusCode).toBe(201);
  });
  afterAll(async () => {
    await h?.close();
  });

  it("refuses the year 10000 for its item only, and stores the others", async () => {
    const before = await h.deliveryCounts();
    const answer = await batch({
      events: [added("cand-y1"), added("cand-y2", { timestamp: "10000-01-01T00:00:00Z" }), added("cand-y3")],
    });
    expect(answer.statusCode).toBe(200);
    const { results } = answer.json();
    expect(results.map((r: { status: number }) => r.status)).toEqual([202, 422, 202]);
    expect(JSON.stringify(results[1])).toContain("events[1].timestamp");
    expect((await h.deliveryCounts()).pending - before.pending).toBe(2);
  });

  it("refuses a NUL in an item's data with a 4xx naming it, and writes nothing", async () => {
    const before = await h.deliveryCounts();
    const answer = await batch({
      events: [added("cand-n1"), added("cand-n2\u0000"), added("cand-n3")],
    });
    expect(answer.statusCode).toBeGreaterThanOrEqual(400);
    expect(answer.statusCode).toBeLessThan(500);
    expect(answer.body).toContain("candidate_id");
    expect(await h.deliveryCounts()).toEqual(before);
  });
});
