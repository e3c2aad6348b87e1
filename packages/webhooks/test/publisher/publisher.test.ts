import {
  createPublisher,
  eventCatalog,
  PUBLISHABLE_EVENT_TYPES,
  type PublishableEventType,
} from "@voicehire/webhooks";
import { afterEach, describe, expect, it } from "vitest";

import { fakePublishApi, reply, stopFakePublishApi } from "../support/fake-publish-api.js";
import { listenOnLoopback } from "../support/http-server.js";

afterEach(stopFakePublishApi);

const noSleep = { sleep: async () => undefined };

describe("createPublisher", () => {
  it("POSTs { event, data } to /v1/events with the API key and an idempotency key", async () => {
    const api = await fakePublishApi((_, response) => reply(response, 202, { id: "evt_1" }));
    const publisher = createPublisher({ baseUrl: `${api.url}/`, apiKey: "vh_key_123", ...noSleep });
    const data = eventCatalog["campaign.created"].sample;
    const result = await publisher.publish("campaign.created", data);
    expect(result).toMatchObject({ ok: true, status: 202, body: { id: "evt_1" }, attempts: 1 });
    expect(api.received).toHaveLength(1);
    const [request] = api.received;
    expect(request).toMatchObject({
      method: "POST",
      url: "/v1/events",
      body: { event: "campaign.created", data },
    });
    expect(request?.headers.authorization).toBe("Bearer vh_key_123");
    expect(request?.headers["content-type"]).toBe("application/json");
    expect(request?.headers["idempotency-key"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(result.ok && result.idempotencyKey).toBe(request?.headers["idempotency-key"]);
  });

  it("retries 5xx with growing delays and the same idempotency key, until it succeeds", async () => {
    const api = await fakePublishApi((index, response) =>
      index < 2 ? reply(response, 503, "busy") : reply(response, 201, { id: "evt_2" }),
    );
    const delays: number[] = [];
    const publisher = createPublisher({
      baseUrl: api.url,
      apiKey: "k",
      sleep: async (ms) => {
        delays.push(ms);
      },
      random: () => 0.5,
    });
    const result = await publisher.publish(
      "candidate.interview.failed",
      eventCatalog["candidate.interview.failed"].sample,
      {
        idempotencyKey: "publish-42",
      },
    );
    expect(result).toMatchObject({ ok: true, status: 201, attempts: 3, idempotencyKey: "publish-42" });
    expect(api.received.map((request) => request.headers["idempotency-key"])).toEqual([
      "publish-42",
      "publish-42",
      "publish-42",
    ]);
    expect(delays).toEqual([188, 375]);
  });

  it("honours Retry-After on 429 (capped), and gives up as unavailable after maxAttempts", async () => {
    const api = await fakePublishApi((index, response) =>
      reply(response, 429, {}, { "retry-after": index === 0 ? "2" : index === 1 ? "3600" : "soon" }),
    );
    const delays: number[] = [];
    const publisher = createPublisher({
      baseUrl: api.url,
      apiKey: "k",
      retry: { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 5000 },
      sleep: async (ms) => {
        delays.push(ms);
      },
      random: () => 0,
    });
    const result = await publisher.reportCredits(3);
    expect(result).toMatchObject({ ok: false, reason: "unavailable", status: 429, error: null, attempts: 4 });
    expect(delays).toEqual([2000, 5000, 200]);
  });

  it("does not retry a 4xx: the request must be fixed", async () => {
    const problem = { type: "about:blank", title: "Invalid event", status: 422, code: "invalid_event" };
    const api = await fakePublishApi((_, response) => reply(response, 422, problem));
    const publisher = createPublisher({ baseUrl: api.url, apiKey: "k", ...noSleep });
    const result = await publisher.publish("candidate.sourced", eventCatalog["candidate.sourced"].sample);
    expect(result).toMatchObject({ ok: false, reason: "rejected", status: 422, body: problem, attempts: 1 });
    expect(api.received).toHaveLength(1);
  });

  it("retries network errors and timeouts, then reports them", async () => {
    const closed = await listenOnLoopback(() => undefined);
    await closed.close();
    const refused = createPublisher({
      baseUrl: closed.url,
      apiKey: "k",
      retry: { maxAttempts: 2 },
      ...noSleep,
    });
    const result = await refused.reportCredits(0, { lastCampaignId: "abc" });
    expect(result).toMatchObject({ ok: false, reason: "unavailable", status: null, attempts: 2 });
    expect(result.ok === false && result.reason === "unavailable" && result.error).toMatch(
      /fetch failed|ECONNREFUSED/,
    );

    const api = await fakePublishApi((index, response) => {
      if (index === 0) return; // never answers: the attempt times out
      reply(response, 200, { ok: true });
    });
    // The deadline leaves the answered attempt a wide margin on a loaded machine; only the first one hangs.
    const slow = createPublisher({ baseUrl: api.url, apiKey: "k", timeoutMs: 1000, ...noSleep });
    expect(await slow.reportCredits(1)).toMatchObject({ ok: true, attempts: 2 });
  });

  it("reports whatever a custom fetch throws", async () => {
    const publisher = createPublisher({
      baseUrl: "http://127.0.0.1:9",
      apiKey: "k",
      retry: { maxAttempts: 1 },
      fetch: async () => {
        throw "offline";
      },
    });
    expect(await publisher.reportCredits(1)).toMatchObject({
      ok: false,
      reason: "unavailable",
      error: "offline",
      attempts: 1,
    });
  });

  it("validates data against the catalog before sending anything", async () => {
    const api = await fakePublishApi((_, response) => reply(response, 202, {}));
    const publisher = createPublisher({ baseUrl: api.url, apiKey: "k", ...noSleep });
    const wrong = { ...eventCatalog["campaign.created"].sample, questions_count: "6" } as never;
    expect(await publisher.publish("campaign.created", wrong)).toEqual({
      ok: false,
      reason: "invalid",
      issues: [{ path: "data.questions_count", message: "must be an integer" }],
    });
    const derived = await publisher.publish("credits.low" as PublishableEventType, {} as never);
    expect(derived).toMatchObject({ ok: false, reason: "invalid", issues: [{ path: "event" }] });
    expect(await publisher.reportCredits(Number.NaN)).toMatchObject({ ok: false, reason: "invalid" });
    expect(await publisher.reportCredits(1, { lastCampaignId: "" })).toMatchObject({
      ok: false,
      reason: "invalid",
    });
    expect(api.received).toHaveLength(0);
  });

  it("publishes a completed interview with or without its responses; the service derives .extended", async () => {
    const api = await fakePublishApi((_, response) => reply(response, 202, "accepted"));
    const publisher = createPublisher({ baseUrl: api.url, apiKey: "k", ...noSleep });
    const withResponses = eventCatalog["candidate.interview.completed.extended"].sample;
    expect(await publisher.publish("candidate.interview.completed", withResponses)).toMatchObject({
      ok: true,
      body: "accepted",
    });
    expect(
      await publisher.publish(
        "candidate.interview.completed",
        eventCatalog["candidate.interview.completed"].sample,
      ),
    ).toMatchObject({
      ok: true,
    });
    expect(api.received.map((request) => Object.hasOwn(request.body as { data: object }, "data"))).toEqual([
      true,
      true,
    ]);
    expect(PUBLISHABLE_EVENT_TYPES).toHaveLength(7);
    expect(PUBLISHABLE_EVENT_TYPES).not.toContain("credits.low");
  });

  it("reports a credit balance to /v1/credits/balance", async () => {
    const api = await fakePublishApi((_, response) => reply(response, 200, { credits_remaining: 8.5 }));
    const publisher = createPublisher({ baseUrl: api.url, apiKey: "k", ...noSleep });
    await publisher.reportCredits(8.5, { lastCampaignId: "abc123def456", idempotencyKey: "balance-1" });
    await publisher.reportCredits(12);
    expect(api.received.map(({ url, body }) => ({ url, body }))).toEqual([
      { url: "/v1/credits/balance", body: { credits_remaining: 8.5, last_campaign_id: "abc123def456" } },
      { url: "/v1/credits/balance", body: { credits_remaining: 12 } },
    ]);
    expect(api.received[0]?.headers["idempotency-key"]).toBe("balance-1");
  });

  it("waits for real between retries by default (tiny delays here)", async () => {
    const api = await fakePublishApi((index, response) =>
      index === 0 ? reply(response, 500, {}) : reply(response, 200, {}),
    );
    const publisher = createPublisher({
      baseUrl: api.url,
      apiKey: "k",
      retry: { baseDelayMs: 1, maxAttempts: 2 },
    });
    expect(await publisher.reportCredits(5)).toMatchObject({ ok: true, attempts: 2 });
  });
});
