import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runRetentionOnce } from "../../src/retention/retention-runner.js";
import { type ApiHarness, startApiHarness } from "./support/api-harness.js";
import { storesUnderTest } from "./support/both-stores.js";
import { PROBLEM_JSON, sampleData } from "./support/samples.js";

const stores = await storesUnderTest("packages/server/test/api/pull-endpoints.test.ts");
const DAY = 86_400_000;

describe.each(stores)("pull endpoints over the API, on $name", ({ options }) => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await startApiHarness({ ...options, testSender: { timeoutMs: 2000 } });
  });
  afterAll(async () => {
    await h?.close();
  });

  const createPull = async (on = h.alice) => {
    const answer = await h
      .as(on.auth)
      .post("/v1/endpoints", { kind: "pull", event_types: ["campaign.created"] });
    expect(answer.statusCode).toBe(201);
    return answer.json<{ id: string }>().id;
  };
  const publish = async (name: string, on = h.alice) => {
    const data = { ...sampleData("campaign.created"), job_title: name };
    const answer = await h.as(on.auth).post("/v1/events", { event: "campaign.created", data });
    expect(answer.statusCode).toBe(202);
    return answer.json<{ id: string }>().id;
  };
  const pull = (endpointId: string, query = "", on = h.alice) =>
    h.as(on.auth).get(`/v1/endpoints/${endpointId}/events${query}`);

  it("creates a pull endpoint without URL or secret; a push one needs a URL, a pull one refuses it", async () => {
    const created = await h
      .as(h.alice.auth)
      .post("/v1/endpoints", { kind: "pull", event_types: ["campaign.created"] });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ kind: "pull", url: null, has_secret: false });
    expect(created.json().secret).toBeUndefined();
    const push = await h
      .as(h.alice.auth)
      .post("/v1/endpoints", { url: "https://hooks.example.com/a", event_types: ["campaign.created"] });
    expect(push.json()).toMatchObject({ kind: "push", url: "https://hooks.example.com/a" });

    const cases: [object, string][] = [
      [{ event_types: ["campaign.created"] }, "url"],
      [{ kind: "push", event_types: ["campaign.created"] }, "url"],
      [{ kind: "pull", url: "https://hooks.example.com/a", event_types: ["campaign.created"] }, "url"],
      [{ kind: "pull", secret: "a-long-secret", event_types: ["campaign.created"] }, "secret"],
      [{ kind: "poll", event_types: ["campaign.created"] }, "kind"],
    ];
    for (const [body, field] of cases) {
      const refused = await h.as(h.alice.auth).post("/v1/endpoints", body);
      expect(refused.statusCode, JSON.stringify(body)).toBe(422);
      expect(refused.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    const id = created.json().id as string;
    const patched = await h
      .as(h.alice.auth)
      .patch(`/v1/endpoints/${id}`, { url: "https://hooks.example.com/b" });
    expect(patched.statusCode).toBe(422);
    expect(patched.json().errors[0].field).toBe("url");
    const signed = await h.as(h.alice.auth).patch(`/v1/endpoints/${id}`, { generate_secret: true });
    expect(signed.json().errors[0].field).toBe("generate_secret");
    const described = await h
      .as(h.alice.auth)
      .patch(`/v1/endpoints/${id}`, { description: "nightly job", secret: null });
    expect(described.json()).toMatchObject({ kind: "pull", url: null, description: "nightly job" });
  });

  it("answers the exact envelope bytes in publish order, and a stored cursor goes on with exactly the rest", async () => {
    const id = await createPull();
    const published = [await publish("one"), await publish("two"), await publish("three")];
    const first = await pull(id, "?limit=2");
    expect(first.statusCode).toBe(200);
    expect(first.headers["content-type"]).toMatch(/^application\/json/);
    const page = first.json<{ data: { id: string }[]; next_cursor: string }>();
    expect(page.data.map((e) => e.id)).toEqual(published.slice(0, 2));
    // Each item is the stored body itself, byte for byte.
    const event = await h.store.getEvent(h.alice.account.id, published[0] ?? "");
    expect(first.body).toContain(Buffer.from(event?.body ?? new Uint8Array()).toString("utf8"));

    const unconfirmed = await h.as(h.alice.auth).get(`/v1/endpoints/${id}/backlog`);
    expect(unconfirmed.json().pending).toBe(3); // read, but no reader came back with a cursor yet
    const rest = await pull(id, `?after=${page.next_cursor}`);
    expect(rest.json().data.map((e: { id: string }) => e.id)).toEqual(published.slice(2));
    const end = rest.json().next_cursor as string;
    const empty = await pull(id, `?after=${end}`);
    expect(empty.json()).toEqual({ data: [], cursors: [], next_cursor: end });
    const backlog = await h.as(h.alice.auth).get(`/v1/endpoints/${id}/backlog`);
    expect(backlog.json()).toEqual({ pending: 0, last_read_at: new Date(h.clock.now()).toISOString() });
    const again = await pull(id, `?after=${page.next_cursor}`);
    expect(again.json().data.map((e: { id: string }) => e.id)).toEqual(published.slice(2));
  });

  it("gives each item its own cursor beside the envelopes: resuming from one goes on right after that item", async () => {
    const id = await createPull();
    const published = [await publish("a"), await publish("b"), await publish("c")];
    const first = await pull(id, "?limit=3");
    const page = first.json<{ data: { id: string }[]; cursors: string[]; next_cursor: string }>();
    expect(page.data.map((e) => e.id)).toEqual(published);
    expect(page.cursors).toHaveLength(3);
    expect(page.cursors.at(-1)).toBe(page.next_cursor);
    // The items stay the stored bytes: the cursors are beside them, never inside an envelope.
    for (const eventId of published) {
      const stored = await h.store.getEvent(h.alice.account.id, eventId);
      expect(first.body).toContain(Buffer.from(stored?.body ?? new Uint8Array()).toString("utf8"));
    }
    for (const [index, cursor] of page.cursors.entries()) {
      const resumed = await pull(id, `?after=${cursor}`);
      expect(resumed.json().data.map((e: { id: string }) => e.id)).toEqual(published.slice(index + 1));
    }
  });

  it("refuses a bad limit or cursor naming the field, another account's endpoint is 404, a push endpoint 409", async () => {
    const id = await createPull();
    for (const [query, field] of [
      ["?limit=0", "limit"],
      ["?limit=501", "limit"],
      ["?limit=ten", "limit"],
      ["?after=nonsense", "after"],
      ["?colour=red", "colour"],
    ]) {
      const refused = await pull(id, query);
      expect([400, 422], query).toContain(refused.statusCode);
      expect(refused.headers["content-type"]).toContain(PROBLEM_JSON);
      expect(refused.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    expect((await pull(id, "?limit=500")).statusCode).toBe(200);
    await publish("for alice");
    const byBob = await pull(id, "", h.bob);
    expect(byBob.statusCode).toBe(404);
    const bobs = await createPull(h.bob);
    await publish("for bob", h.bob);
    const bobPage = await pull(bobs, "", h.bob);
    expect(bobPage.json().data.map((e: { data: { job_title: string } }) => e.data.job_title)).toEqual([
      "for bob",
    ]);
    const push = await h
      .as(h.alice.auth)
      .post("/v1/endpoints", { url: "https://hooks.example.com/c", event_types: ["campaign.created"] });
    expect((await pull(push.json().id)).statusCode).toBe(409);
    expect(
      (await h.as(h.alice.auth).post(`/v1/endpoints/${id}/test`, { event_type: "campaign.created" }))
        .statusCode,
    ).toBe(409);
  });

  it("its deliveries are never attempted: no worker claims them and a resend is refused", async () => {
    const id = await createPull();
    await publish("kept for reading");
    const listed = await h.as(h.alice.auth).get(`/v1/deliveries?endpoint_id=${id}`);
    const [delivery] = listed.json().data as { id: string; status: string; attempt_count: number }[];
    expect(delivery).toMatchObject({ status: "succeeded", attempt_count: 0 });
    const claimed = await h.store.claimDueDeliveries({
      workerId: "w",
      now: h.clock.now() + 86_400_000,
      limit: 500,
      leaseMs: 1000,
    });
    expect(claimed.length).toBeGreaterThan(0); // the push endpoints of the earlier tests
    expect(claimed.filter((c) => c.endpointId === id)).toEqual([]);
    const resent = await h.as(h.alice.auth).post(`/v1/deliveries/${delivery?.id}/resend`);
    expect(resent.statusCode).toBe(409);
    expect((await h.store.getDelivery(h.alice.account.id, delivery?.id ?? ""))?.status).toBe("succeeded");
  });

  it("its events are no success in the numbers: no attempts, out of the delivery series, unread in the backlog", async () => {
    const id = await createPull();
    await publish("kept, not attempted");
    const series = await h.as(h.alice.auth).get(`/v1/stats/deliveries?endpoint_id=${id}`);
    expect(series.statusCode).toBe(200);
    const counted = (series.json().data as Record<string, number>[]).map(
      (b) => (b.succeeded ?? 0) + (b.failed ?? 0) + (b.pending ?? 0),
    );
    expect(counted.reduce((sum, n) => sum + n, 0)).toBe(0);
    const stats = await h.as(h.alice.auth).get(`/v1/endpoints/${id}/stats`);
    expect(stats.json()).toMatchObject({ last_hour: { attempts: 0, success_rate: null } });
    expect((await h.as(h.alice.auth).get(`/v1/endpoints/${id}/backlog`)).json().pending).toBe(1);
  });

  it("keeps events for the retention period, then retention removes them", async () => {
    const id = await createPull();
    const old = await publish("old");
    h.clock.advance(31 * DAY);
    const recent = await publish("recent");
    expect((await pull(id)).json().data.map((e: { id: string }) => e.id)).toEqual([old, recent]);
    const logger = { debug() {}, info() {}, warn() {}, error() {} };
    const settings = {
      maxAgeMs: 30 * DAY,
      batchSize: 500,
      intervalMs: DAY,
      firstRunAfterMs: 0,
      pauseBetweenBatchesMs: 0,
      maxBatchesPerRun: 10,
    };
    await runRetentionOnce({ store: h.store, clock: h.clock, logger, settings });
    expect((await pull(id)).json().data.map((e: { id: string }) => e.id)).toEqual([recent]);
  });
});
