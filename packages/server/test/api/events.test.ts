import { EVENT_TYPES } from "@voicehire/webhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiHarness, startApiHarness, type TestAccount } from "./support/api-harness.js";
import { completedWithResponses, sampleData } from "./support/samples.js";

let h: ApiHarness;
let catchAllId: string;
const decoder = new TextDecoder();

async function createEndpoint(who: TestAccount, body: Record<string, unknown>): Promise<string> {
  const answer = await h.app.inject({
    method: "POST",
    url: "/v1/endpoints",
    headers: who.auth,
    payload: body,
  });
  expect(answer.statusCode).toBe(201);
  return answer.json().id;
}

async function publish(body: unknown, headers: Record<string, string> = {}, who = h.alice) {
  return h.app.inject({
    method: "POST",
    url: "/v1/events",
    headers: { ...who.auth, "content-type": "application/json", ...headers },
    payload: JSON.stringify(body),
  });
}

async function storedBody(eventId: string, who = h.alice): Promise<string> {
  const event = await h.store.getEvent(who.account.id, eventId);
  if (event === undefined) throw new Error(`event ${eventId} not stored`);
  return decoder.decode(event.body);
}

beforeAll(async () => {
  h = await startApiHarness();
  // Subscribed to everything: any stored event would create a delivery, which the "nothing stored"
  // checks count.
  catchAllId = await createEndpoint(h.alice, {
    url: "https://all.example.com/h",
    event_types: [...EVENT_TYPES],
  });
});
afterAll(async () => {
  await h.close();
});

describe("POST /v1/events", () => {
  it("stores the envelope once and one delivery per subscribed, enabled endpoint; answers 202", async () => {
    const subscribed = await createEndpoint(h.alice, {
      url: "https://a.example.com/h",
      event_types: ["campaign.status_changed"],
    });
    await createEndpoint(h.alice, {
      url: "https://b.example.com/h",
      event_types: ["campaign.status_changed"],
      enabled: false,
    });
    await createEndpoint(h.alice, { url: "https://c.example.com/h", event_types: ["candidate.added"] });
    const wakeupsBefore = h.wakeups();

    const data = sampleData("campaign.status_changed");
    const answer = await publish({ event: "campaign.status_changed", data });
    expect(answer.statusCode).toBe(202);
    const body = answer.json();
    expect(body).toEqual({
      id: expect.stringMatching(/^evt_/),
      event: "campaign.status_changed",
      timestamp: "2024-01-15T10:30:00.000Z",
      deliveries: 2, // the catch-all endpoint and the subscribed one
      derived: [],
      duplicate: false,
    });
    expect(h.wakeups()).toBe(wakeupsBefore + 1);

    expect(await storedBody(body.id)).toBe(
      JSON.stringify({
        id: body.id,
        event: "campaign.status_changed",
        timestamp: "2024-01-15T10:30:00.000Z",
        data,
      }),
    );
    const deliveries = await h.store.listDeliveries(h.alice.account.id, { eventId: body.id, limit: 10 });
    expect(deliveries.map((d) => d.endpointId).sort()).toEqual([catchAllId, subscribed].sort());
    expect(deliveries.every((d) => d.status === "pending")).toBe(true);
  });

  it("uses the given timestamp (when it happened), normalized to UTC with milliseconds", async () => {
    const answer = await publish({
      event: "campaign.created",
      data: sampleData("campaign.created"),
      timestamp: "2024-01-15T12:00:00+02:00",
    });
    expect(answer.statusCode).toBe(202);
    expect(answer.json().timestamp).toBe("2024-01-15T10:00:00.000Z");
    expect(JSON.parse(await storedBody(answer.json().id)).timestamp).toBe("2024-01-15T10:00:00.000Z");
  });

  it("keeps non-ASCII data byte for byte", async () => {
    const data = { ...sampleData("candidate.added"), first_name: "Zoé 👩‍💻", last_name: "Ñúñez" };
    const answer = await publish({ event: "candidate.added", data });
    const event = await h.store.getEvent(h.alice.account.id, answer.json().id);
    expect(Buffer.from(event?.body ?? []).toString("utf8")).toContain('"first_name":"Zoé 👩‍💻"');
  });

  it("GET /v1/events/:id answers the stored envelope and its deliveries", async () => {
    const data = sampleData("candidate.sourced");
    const { id } = (await publish({ event: "candidate.sourced", data })).json();
    const answer = await h.app.inject({ method: "GET", url: `/v1/events/${id}`, headers: h.alice.auth });
    expect(answer.statusCode).toBe(200);
    const body = answer.json();
    expect(body).toMatchObject({ id, event: "candidate.sourced", timestamp: "2024-01-15T10:30:00.000Z" });
    expect(body.envelope).toEqual({
      id,
      event: "candidate.sourced",
      timestamp: "2024-01-15T10:30:00.000Z",
      data,
    });
    expect(body.deliveries).toHaveLength(1);
    expect(body.deliveries[0]).toMatchObject({
      event_id: id,
      endpoint_id: catchAllId,
      event_type: "candidate.sourced",
      status: "pending",
      attempt_count: 0,
      next_attempt_at: "2024-01-15T10:30:00.000Z",
    });
  });
});

describe("the .extended interview variant", () => {
  it("plain subscribers get the event without responses; .extended subscribers get them", async () => {
    const who = await h.newAccount("Interviews");
    const plainId = await createEndpoint(who, {
      url: "https://plain.example.com/h",
      event_types: ["candidate.interview.completed"],
    });
    const extendedId = await createEndpoint(who, {
      url: "https://ext.example.com/h",
      event_types: ["candidate.interview.completed.extended"],
    });
    const data = completedWithResponses();
    const answer = await publish({ event: "candidate.interview.completed", data }, {}, who);
    expect(answer.statusCode).toBe(202);
    const body = answer.json();
    expect(body.deliveries).toBe(1);
    expect(body.derived).toEqual([
      { id: expect.stringMatching(/^evt_/), event: "candidate.interview.completed.extended", deliveries: 1 },
    ]);
    const plain = JSON.parse(await storedBody(body.id, who));
    expect(plain.event).toBe("candidate.interview.completed");
    expect(plain.data).not.toHaveProperty("responses");
    const { responses, ...withoutResponses } = data;
    expect(plain.data).toEqual(withoutResponses);
    const extendedEventId = body.derived[0].id;
    const extended = JSON.parse(await storedBody(extendedEventId, who));
    expect(extended).toMatchObject({ id: extendedEventId, event: "candidate.interview.completed.extended" });
    expect(extended.data).toEqual({ ...withoutResponses, responses });

    const [plainDelivery] = await h.store.listDeliveries(who.account.id, { eventId: body.id, limit: 5 });
    const [extendedDelivery] = await h.store.listDeliveries(who.account.id, {
      eventId: extendedEventId,
      limit: 5,
    });
    expect(plainDelivery?.endpointId).toBe(plainId);
    expect(extendedDelivery?.endpointId).toBe(extendedId);
  });

  it("without responses, .extended subscribers get responses: []", async () => {
    const who = await h.newAccount("No responses");
    await createEndpoint(who, {
      url: "https://ext.example.com/h",
      event_types: ["candidate.interview.completed.extended"],
    });
    const data = sampleData("candidate.interview.completed");
    const body = (await publish({ event: "candidate.interview.completed", data }, {}, who)).json();
    expect(body.deliveries).toBe(0);
    expect(JSON.parse(await storedBody(body.derived[0].id, who)).data).toEqual({ ...data, responses: [] });
  });

  it("is not stored when no endpoint subscribes to it", async () => {
    const who = await h.newAccount("Plain only");
    await createEndpoint(who, {
      url: "https://plain.example.com/h",
      event_types: ["candidate.interview.completed"],
    });
    const body = (
      await publish({ event: "candidate.interview.completed", data: completedWithResponses() }, {}, who)
    ).json();
    expect(body.derived).toEqual([]);
    expect((await h.store.listDeliveries(who.account.id, { limit: 10 })).map((d) => d.eventType)).toEqual([
      "candidate.interview.completed",
    ]);
  });
});

describe("idempotency", () => {
  it("the same key answers the first event (200, duplicate: true) and fans out nothing new", async () => {
    const key = { "idempotency-key": "order-42" };
    const first = await publish({ event: "campaign.created", data: sampleData("campaign.created") }, key);
    expect(first.statusCode).toBe(202);
    const counts = await h.deliveryCounts();
    h.clock.advance(60_000);
    const again = await publish(
      { event: "candidate.added", data: sampleData("candidate.added"), timestamp: "2020-01-01T00:00:00Z" },
      key,
    );
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual({
      id: first.json().id,
      event: "campaign.created",
      timestamp: first.json().timestamp,
      duplicate: true,
    });
    expect(await h.deliveryCounts()).toEqual(counts);
  });

  it("keys are per account", async () => {
    const who = await h.newAccount("Other publisher");
    const key = { "idempotency-key": "shared-key-1" };
    const a = await publish({ event: "campaign.created", data: sampleData("campaign.created") }, key);
    const b = await publish({ event: "campaign.created", data: sampleData("campaign.created") }, key, who);
    expect(a.statusCode).toBe(202);
    expect(b.statusCode).toBe(202);
    expect(b.json().id).not.toBe(a.json().id);
  });

  it("a malformed key is 400 naming Idempotency-Key, and nothing is stored", async () => {
    const counts = await h.deliveryCounts();
    const answer = await publish(
      { event: "campaign.created", data: sampleData("campaign.created") },
      { "idempotency-key": "k".repeat(256) },
    );
    expect(answer.statusCode).toBe(400);
    expect(answer.json().errors).toEqual([{ field: "Idempotency-Key", message: expect.any(String) }]);
    expect(await h.deliveryCounts()).toEqual(counts);
  });
});
