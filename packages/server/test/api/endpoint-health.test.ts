import { describe, expect, it } from "vitest";
import { forEachTest } from "../support/fixture-hooks.js";
import { type ApiHarness, apiHarness } from "./support/api-harness.js";
import { attemptDueDeliveries } from "./support/attempts.js";
import { PROBLEM_JSON, sampleData } from "./support/samples.js";

let h: ApiHarness;
forEachTest(apiHarness(), (started) => {
  h = started;
});

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

async function createEndpoint(body: Record<string, unknown> = {}) {
  return h.as(h.alice.auth).post("/v1/endpoints", {
    url: "https://hooks.example.com/in",
    event_types: ["campaign.created"],
    ...body,
  });
}

async function publish(type: "campaign.created" | "candidate.added" = "campaign.created") {
  const answer = await h.as(h.alice.auth).post("/v1/events", { event: type, data: sampleData(type) });
  expect(answer.statusCode).toBe(202);
  return answer.json().id as string;
}

const get = (url: string) => h.app.inject({ method: "GET", url, headers: h.alice.auth });

describe("endpoint metadata", () => {
  it("is kept on create, shown everywhere, and replaced whole by PATCH", async () => {
    const created = await createEndpoint({ metadata: { team: "ATS", "env-name": "production" } });
    expect(created.statusCode).toBe(201);
    const id = created.json().id as string;
    expect(created.json().metadata).toEqual({ team: "ATS", "env-name": "production" });
    expect((await get(`/v1/endpoints/${id}`)).json().metadata).toEqual({
      team: "ATS",
      "env-name": "production",
    });

    const patched = await h.as(h.alice.auth).patch(`/v1/endpoints/${id}`, { metadata: { owner: "marie" } });
    expect(patched.json().metadata).toEqual({ owner: "marie" });
    expect((await get("/v1/endpoints")).json().data[0].metadata).toEqual({ owner: "marie" });
    expect((await createEndpoint()).json().metadata).toEqual({});
  });

  const tooMany = Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`k${i}`, "v"]));
  it.each([
    [tooMany, "metadata", "must have at most 20 keys"],
    [{ team: 42 }, "metadata.team", "must be a string"],
    [{ team: "x".repeat(501) }, "metadata.team", "must be at most 500 characters"],
    [{ ["k".repeat(65)]: "v" }, `metadata.${"k".repeat(65)}`, "key must be 1 to 64 characters"],
    [{ "": "v" }, 'metadata[""]', "key must be 1 to 64 characters"],
    [["a"], "metadata", "must be an object"],
  ])("refuses metadata %j naming %s, storing nothing", async (metadata, field, message) => {
    const created = await createEndpoint({ metadata });
    expect(created.statusCode).toBe(422);
    expect(created.headers["content-type"]).toContain(PROBLEM_JSON);
    expect(created.json()).toMatchObject({ code: "validation_failed", errors: [{ field, message }] });
    expect(await h.store.listEndpoints(h.alice.account.id)).toEqual([]);

    const id = (await createEndpoint({ metadata: { kept: "yes" } })).json().id as string;
    const patched = await h.as(h.alice.auth).patch(`/v1/endpoints/${id}`, { metadata });
    expect(patched.statusCode).toBe(422);
    expect(patched.json().errors).toEqual([{ field, message }]);
    expect((await get(`/v1/endpoints/${id}`)).json().metadata).toEqual({ kept: "yes" });
  });
});

describe("endpoint state", () => {
  it("is active, then failing after a failed attempt, active again after a success", async () => {
    const id = (await createEndpoint()).json().id as string;
    expect((await get(`/v1/endpoints/${id}`)).json()).toMatchObject({
      state: "active",
      failing_since: null,
      disabled_reason: null,
      disabled_at: null,
    });
    await publish();
    await attemptDueDeliveries(h.store, h.clock.now(), 503, h.clock.now() + MINUTE);
    const failing = (await get(`/v1/endpoints/${id}`)).json();
    expect(failing.state).toBe("failing");
    // The store keeps it to the second.
    expect(Math.abs(h.clock.now() - Date.parse(failing.failing_since))).toBeLessThan(1000);

    h.clock.advance(MINUTE);
    await attemptDueDeliveries(h.store, h.clock.now(), 200);
    expect((await get(`/v1/endpoints/${id}`)).json()).toMatchObject({ state: "active", failing_since: null });
  });

  it("is disabled by the user, or by the workers after failing too long, saying which and when", async () => {
    const id = (await createEndpoint()).json().id as string;
    h.clock.advance(1000);
    const disabled = await h.as(h.alice.auth).patch(`/v1/endpoints/${id}`, { enabled: false });
    expect(disabled.json()).toMatchObject({
      enabled: false,
      state: "disabled",
      disabled_reason: "user",
      disabled_at: new Date(h.clock.now()).toISOString(),
    });

    const other = (await createEndpoint()).json().id as string;
    await publish();
    await attemptDueDeliveries(h.store, h.clock.now(), 500, h.clock.now() + HOUR);
    h.clock.advance(HOUR);
    await h.store.disableEndpointsFailingSince(h.clock.now() - MINUTE, h.clock.now());
    expect((await get(`/v1/endpoints/${other}`)).json()).toMatchObject({
      enabled: false,
      state: "disabled",
      disabled_reason: "failing_too_long",
      disabled_at: new Date(h.clock.now()).toISOString(),
    });
  });
});

describe("GET /v1/endpoints/:id/stats", () => {
  it("counts attempts of the last hour and day, with the success rate, last times and state", async () => {
    const id = (await createEndpoint()).json().id as string;
    const empty = (await get(`/v1/endpoints/${id}/stats`)).json();
    expect(empty).toEqual({
      endpoint_id: id,
      last_hour: { attempts: 0, succeeded: 0, failed: 0, success_rate: null },
      last_day: { attempts: 0, succeeded: 0, failed: 0, success_rate: null },
      last_success_at: null,
      last_failure_at: null,
      state: "active",
    });

    await publish();
    await publish();
    await attemptDueDeliveries(h.store, h.clock.now(), 500, h.clock.now() + 3 * HOUR);
    const failedAt = h.clock.now();
    h.clock.advance(3 * HOUR);
    await attemptDueDeliveries(h.store, h.clock.now(), 200);
    h.clock.advance(MINUTE);
    await publish();
    await attemptDueDeliveries(h.store, h.clock.now(), 500, h.clock.now() + HOUR);
    const lastAt = h.clock.now();
    h.clock.advance(MINUTE);

    const stats = await get(`/v1/endpoints/${id}/stats`);
    expect(stats.statusCode).toBe(200);
    expect(stats.json()).toMatchObject({
      last_hour: { attempts: 3, succeeded: 2, failed: 1, success_rate: 0.6667 },
      last_day: { attempts: 5, succeeded: 2, failed: 3, success_rate: 0.4 },
      state: "failing",
    });
    // Kept to the second by the store.
    expect(lastAt - Date.parse(stats.json().last_failure_at)).toBeLessThan(1000);
    expect(Date.parse(stats.json().last_success_at)).toBeGreaterThan(failedAt);
  });

  it("answers 404 for an unknown endpoint", async () => {
    const answer = await get("/v1/endpoints/ep_nope/stats");
    expect(answer.statusCode).toBe(404);
    expect(answer.headers["content-type"]).toContain(PROBLEM_JSON);
  });
});

describe("GET /v1/stats/deliveries", () => {
  it("counts deliveries by current status per hour, oldest bucket first, every bucket present", async () => {
    const start = h.clock.now(); // 10:30 UTC
    const endpoint = (await createEndpoint({ event_types: ["campaign.created", "candidate.added"] })).json()
      .id;
    await publish();
    await publish("candidate.added");
    await attemptDueDeliveries(h.store, h.clock.now(), 200);
    h.clock.advance(HOUR);
    await publish();
    await attemptDueDeliveries(h.store, h.clock.now(), 410);
    h.clock.advance(HOUR);
    await publish();

    const from = new Date(start - HOUR).toISOString();
    const until = new Date(h.clock.now() + 1).toISOString();
    const answer = await get(`/v1/stats/deliveries?from=${from}&until=${until}&bucket=hour`);
    expect(answer.statusCode).toBe(200);
    const hourStart = (time: number) => new Date(Math.floor(time / HOUR) * HOUR).toISOString();
    expect(answer.json()).toEqual({
      data: [
        { start: hourStart(start - HOUR), succeeded: 0, failed: 0, failing: 0, pending: 0 },
        { start: hourStart(start), succeeded: 2, failed: 0, failing: 0, pending: 0 },
        { start: hourStart(start + HOUR), succeeded: 0, failed: 1, failing: 0, pending: 0 },
        { start: hourStart(start + 2 * HOUR), succeeded: 0, failed: 0, failing: 0, pending: 1 },
      ],
    });
    const byDay = await get(`/v1/stats/deliveries?bucket=day&endpoint_id=${endpoint}`);
    expect(byDay.json().data).toHaveLength(31);
    expect(byDay.json().data.at(-1)).toEqual({
      start: new Date(Math.floor(h.clock.now() / 86_400_000) * 86_400_000).toISOString(),
      succeeded: 2,
      failed: 1,
      failing: 0,
      pending: 1,
    });
  });

  it.each([
    ["?bucket=week", "bucket", "must be one of hour, day"],
    ["?from=yesterday", "from", "must be a date-time"],
    ["?from=2024-01-15T12:00:00Z&until=2024-01-15T11:00:00Z", "until", "must be after from"],
    [
      "?from=2024-01-01T00:00:00Z&until=2024-01-15T00:00:00Z",
      "from",
      "must be at most 7 days before until with bucket=hour",
    ],
    ["?bucket=hour&bucket=day", "bucket", "must be given once"],
    ["?since=2024-01-01T00:00:00Z", "since", "is not allowed"],
  ])("refuses %s naming %s", async (query, field, message) => {
    const answer = await get(`/v1/stats/deliveries${query}`);
    expect(answer.statusCode).toBe(422);
    expect(answer.headers["content-type"]).toContain(PROBLEM_JSON);
    expect(answer.json()).toMatchObject({ code: "validation_failed" });
    expect(answer.json().errors).toEqual([{ field, message: expect.stringContaining(message) }]);
  });

  it("answers 404 for an unknown endpoint_id", async () => {
    const answer = await get("/v1/stats/deliveries?endpoint_id=ep_nope");
    expect(answer.statusCode).toBe(404);
  });
});
