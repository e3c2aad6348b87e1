import { type BatchEvent, createPublisher, eventCatalog, MAX_BATCH_EVENTS } from "@voicehire/webhooks";
import { afterEach, describe, expect, it } from "vitest";
import { fakePublishApi, reply, stopFakePublishApi } from "../support/fake-publish-api.js";

afterEach(stopFakePublishApi);

const noSleep = { sleep: async () => undefined };
const added = eventCatalog["candidate.added"].sample;
const created = eventCatalog["campaign.created"].sample;

describe("publisher.publishBatch", () => {
  it("POSTs every event to /v1/events/batch, each with its own idempotency key, and returns the results", async () => {
    const results = [
      { status: 202, id: "evt_1", duplicate: false },
      { status: 200, id: "evt_0", duplicate: true },
    ];
    const api = await fakePublishApi((_, response) => reply(response, 200, { results }));
    const publisher = createPublisher({ baseUrl: api.url, apiKey: "vhk_key", ...noSleep });
    const events: BatchEvent[] = [
      { event: "candidate.added", data: added, timestamp: "2024-01-15T10:30:00.000Z" },
      { event: "campaign.created", data: created, idempotencyKey: "mine-1" },
    ];
    const answer = await publisher.publishBatch(events);
    expect(answer).toEqual({
      ok: true,
      status: 200,
      results,
      idempotencyKeys: [expect.stringMatching(/^[0-9a-f-]{36}$/), "mine-1"],
      attempts: 1,
    });
    const [request] = api.received;
    expect(request?.url).toBe("/v1/events/batch");
    expect(request?.headers.authorization).toBe("Bearer vhk_key");
    expect(request?.headers["idempotency-key"]).toBeUndefined();
    const keys = answer.ok ? answer.idempotencyKeys : [];
    expect(request?.body).toEqual({
      events: [
        {
          event: "candidate.added",
          data: added,
          timestamp: "2024-01-15T10:30:00.000Z",
          idempotency_key: keys[0],
        },
        { event: "campaign.created", data: created, idempotency_key: "mine-1" },
      ],
    });
  });

  it("retries a 503 with the same keys, so the service stores nothing twice", async () => {
    const api = await fakePublishApi((index, response) =>
      index === 0
        ? reply(response, 503, { code: "store_unavailable" })
        : reply(response, 200, { results: [] }),
    );
    const publisher = createPublisher({ baseUrl: api.url, apiKey: "k", ...noSleep });
    const answer = await publisher.publishBatch([{ event: "candidate.added", data: added }]);
    expect(answer).toMatchObject({ ok: true, attempts: 2 });
    const keys = api.received.map(
      (r) => (r.body as { events: { idempotency_key: string }[] }).events[0]?.idempotency_key,
    );
    expect(keys[0]).toBe(keys[1]);
  });

  it("reports a refused or unreachable batch with the keys to retry with", async () => {
    const api = await fakePublishApi((_, response) => reply(response, 422, { code: "validation_failed" }));
    const publisher = createPublisher({ baseUrl: api.url, apiKey: "k", ...noSleep });
    const refused = await publisher.publishBatch([
      { event: "candidate.added", data: added, idempotencyKey: "k1" },
    ]);
    expect(refused).toEqual({
      ok: false,
      reason: "rejected",
      status: 422,
      body: { code: "validation_failed" },
      attempts: 1,
      idempotencyKeys: ["k1"],
    });
    const down = createPublisher({
      baseUrl: "http://127.0.0.1:9",
      apiKey: "k",
      retry: { maxAttempts: 1 },
      ...noSleep,
    });
    const unreachable = await down.publishBatch([
      { event: "candidate.added", data: added, idempotencyKey: "k2" },
    ]);
    expect(unreachable).toMatchObject({ ok: false, reason: "unavailable", idempotencyKeys: ["k2"] });
  });

  it("answers an empty list when the service's answer has no results", async () => {
    const api = await fakePublishApi((_, response) => reply(response, 200, "not json"));
    const publisher = createPublisher({ baseUrl: api.url, apiKey: "k", ...noSleep });
    expect(await publisher.publishBatch([{ event: "candidate.added", data: added }])).toMatchObject({
      ok: true,
      results: [],
    });
  });

  it("sends nothing when an event is invalid, naming events[i].field, or when there are none or too many", async () => {
    const api = await fakePublishApi((_, response) => reply(response, 200, { results: [] }));
    const publisher = createPublisher({ baseUrl: api.url, apiKey: "k", ...noSleep });
    const wrong = [
      { event: "candidate.added", data: added },
      { event: "credits.low", data: {} },
      { event: "campaign.created", data: { ...created, campaign_id: 7 } },
    ] as unknown as BatchEvent[];
    const invalid = await publisher.publishBatch(wrong);
    expect(invalid.ok).toBe(false);
    const paths = invalid.ok || invalid.reason !== "invalid" ? [] : invalid.issues.map((i) => i.path);
    expect(paths).toEqual(["events[1].event", "events[2].data.campaign_id"]);
    expect(await publisher.publishBatch([])).toMatchObject({
      reason: "invalid",
      issues: [{ path: "events" }],
    });
    const many = Array.from({ length: MAX_BATCH_EVENTS + 1 }, () => ({
      event: "candidate.added" as const,
      data: added,
    }));
    expect(await publisher.publishBatch(many)).toMatchObject({
      reason: "invalid",
      issues: [{ path: "events" }],
    });
    expect(api.received).toHaveLength(0);
  });
});
