import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiHarness, startApiHarness } from "./support/api-harness.js";
import { storesUnderTest } from "./support/both-stores.js";
import { PROBLEM_JSON, sampleData } from "./support/samples.js";

/**
 * Every timestamp the API accepts names an instant of the years 0001 to 9999 once in UTC (the one rule
 * of the `date-time` format), so the envelope's `timestamp` is always RFC 3339 again: the publish
 * `timestamp`, the delivery log's `since`/`until`, the stats' `from`/`until`, a recovery's window.
 */
const stores = await storesUnderTest("packages/server/test/api/timestamp-bounds.test.ts");

const PAST_9999_IN_UTC = "9999-12-31T23:59:59.999-23:59";

describe.each(stores)("timestamps limited to the years 0001 to 9999, on $name", ({ options }) => {
  let h: ApiHarness;
  let endpointId: string;

  beforeAll(async () => {
    h = await startApiHarness({ ...options, developmentMode: true });
    const created = await h
      .as(h.alice.auth)
      .post("/v1/endpoints", { url: "http://127.0.0.1:9/hook", event_types: ["campaign.created"] });
    endpointId = created.json<{ id: string }>().id;
  });
  afterAll(async () => {
    await h?.close();
  });

  const publish = (timestamp: string) =>
    h
      .as(h.alice.auth)
      .post("/v1/events", { event: "campaign.created", data: sampleData("campaign.created"), timestamp });

  it("publishes at both ends, and the stored envelope says exactly that instant", async () => {
    for (const [given, written] of [
      ["0001-01-01T00:00:00Z", "0001-01-01T00:00:00.000Z"],
      ["9999-12-31T23:59:59.999Z", "9999-12-31T23:59:59.999Z"],
      ["9999-12-31T23:59:59+00:01", "9999-12-31T23:58:59.000Z"],
    ] as const) {
      const answer = await publish(given);
      expect(answer.statusCode, given).toBe(202);
      const event = await h.store.getEvent(h.alice.account.id, answer.json<{ id: string }>().id);
      const envelope = JSON.parse(Buffer.from(event?.body ?? new Uint8Array()).toString("utf8"));
      expect(envelope.timestamp, given).toBe(written);
    }
  });

  it("refuses a publish whose timestamp leaves those years in UTC: 422 naming timestamp, nothing stored", async () => {
    const before = await h.store.listEvents(h.alice.account.id, { limit: 100 });
    for (const timestamp of [PAST_9999_IN_UTC, "10000-01-01T00:00:00Z", "0001-01-01T00:00:00+00:01"]) {
      const answer = await publish(timestamp);
      expect(answer.statusCode, timestamp).toBe(422);
      expect(answer.headers["content-type"]).toContain(PROBLEM_JSON);
      expect(answer.json<{ errors: { field: string }[] }>().errors.map((e) => e.field)).toEqual([
        "timestamp",
      ]);
    }
    expect(await h.store.listEvents(h.alice.account.id, { limit: 100 })).toEqual(before);
  });

  it("the same rule for every other timestamp the API reads", async () => {
    const late = encodeURIComponent(PAST_9999_IN_UTC);
    const cases = [
      { method: "GET", url: `/v1/deliveries?since=${late}`, field: "since" },
      { method: "GET", url: `/v1/deliveries?until=${late}`, field: "until" },
      { method: "GET", url: `/v1/stats/deliveries?until=${late}`, field: "until" },
      {
        method: "POST",
        url: `/v1/endpoints/${endpointId}/recover`,
        payload: { since: PAST_9999_IN_UTC },
        field: "since",
      },
    ] as const;
    for (const { field, ...request } of cases) {
      const answer = await h.app.inject({ ...request, headers: h.alice.auth });
      expect(answer.statusCode, request.url).toBe(422);
      expect(
        answer.json<{ errors: { field: string }[] }>().errors.map((e) => e.field),
        request.url,
      ).toEqual([field]);
    }
  });
});
