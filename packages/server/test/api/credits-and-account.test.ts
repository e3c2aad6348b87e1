import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiHarness, startApiHarness, type TestAccount } from "./support/api-harness.js";
import { PROBLEM_JSON, sampleData } from "./support/samples.js";

let h: ApiHarness;
const decoder = new TextDecoder();

beforeAll(async () => {
  h = await startApiHarness();
});
afterAll(async () => {
  await h.close();
});

const LOW_THEN_DEPLETED = ["credits.low", "credits.depleted"];

/** A new account with an endpoint subscribed to both credits events. */
async function subscribedAccount(name: string): Promise<TestAccount> {
  const who = await h.newAccount(name);
  const answer = await h.as(who.auth).post("/v1/endpoints", {
    url: "https://credits.example.com/h",
    event_types: LOW_THEN_DEPLETED,
  });
  expect(answer.statusCode).toBe(201);
  return who;
}

async function report(who: TestAccount, body: unknown) {
  return h.app.inject({
    method: "POST",
    url: "/v1/credits/balance",
    headers: { ...who.auth, "content-type": "application/json" },
    payload: JSON.stringify(body),
  });
}

/** The event types a report fired, in order. */
async function fired(who: TestAccount, body: unknown): Promise<string[]> {
  const answer = await report(who, body);
  expect(answer.statusCode).toBe(200);
  return answer.json().events.map((e: { event: string }) => e.event);
}

async function envelope(who: TestAccount, eventId: string) {
  const event = await h.store.getEvent(who.account.id, eventId);
  return JSON.parse(decoder.decode(event?.body));
}

describe("POST /v1/credits/balance", () => {
  it("fires credits.low once per crossing of the default threshold (10), re-armed at >= threshold", async () => {
    const who = await subscribedAccount("Credits");
    expect(await fired(who, { credits_remaining: 15 })).toEqual([]);
    const low = await report(who, { credits_remaining: 8.5 });
    expect(low.json()).toEqual({
      credits_remaining: 8.5,
      events: [
        {
          id: expect.stringMatching(/^evt_/),
          event: "credits.low",
          timestamp: "2024-01-15T10:30:00.000Z",
          deliveries: 1,
        },
      ],
    });
    expect(await envelope(who, low.json().events[0].id)).toEqual({
      id: low.json().events[0].id,
      event: "credits.low",
      timestamp: "2024-01-15T10:30:00.000Z",
      data: { credits_remaining: 8.5, threshold: 10 },
    });
    expect(await fired(who, { credits_remaining: 7 })).toEqual([]); // still below: no new crossing
    expect(await fired(who, { credits_remaining: 10 })).toEqual([]); // back at the threshold: re-armed
    expect(await fired(who, { credits_remaining: 9 })).toEqual(["credits.low"]);
  });

  it("fires credits.depleted once when the balance reaches 0, with the last published campaign", async () => {
    const who = await subscribedAccount("Depleted");
    const campaign = { ...sampleData("campaign.created"), campaign_id: "camp-77" };
    const published = await h.as(who.auth).post("/v1/events", { event: "campaign.created", data: campaign });
    expect(published.statusCode).toBe(202);
    expect(await fired(who, { credits_remaining: 5 })).toEqual(["credits.low"]);
    const depleted = await report(who, { credits_remaining: 0 });
    expect(depleted.json().events.map((e: { event: string }) => e.event)).toEqual(["credits.depleted"]);
    expect((await envelope(who, depleted.json().events[0].id)).data).toEqual({
      credits_remaining: 0,
      last_campaign_id: "camp-77",
    });
    expect(await fired(who, { credits_remaining: 0 })).toEqual([]);
    expect(await fired(who, { credits_remaining: 3 })).toEqual([]);
    const again = await report(who, { credits_remaining: 0, last_campaign_id: "camp-88" });
    expect(again.json().events.map((e: { event: string }) => e.event)).toEqual(["credits.depleted"]);
    expect((await envelope(who, again.json().events[0].id)).data.last_campaign_id).toBe("camp-88");
  });

  it("a first report at 0 fires credits.low then credits.depleted", async () => {
    const who = await subscribedAccount("Straight to zero");
    expect(await fired(who, { credits_remaining: 0, last_campaign_id: "camp-1" })).toEqual(LOW_THEN_DEPLETED);
  });

  it("refuses a depletion without any known campaign (422 naming last_campaign_id) and records nothing", async () => {
    const who = await subscribedAccount("No campaign");
    const counts = await h.deliveryCounts();
    const refused = await report(who, { credits_remaining: 0 });
    expect(refused.statusCode).toBe(422);
    expect(refused.headers["content-type"]).toContain(PROBLEM_JSON);
    expect(refused.json().errors).toEqual([{ field: "last_campaign_id", message: expect.any(String) }]);
    expect(await h.deliveryCounts()).toEqual(counts);
    // The refused balance was not recorded: the next report is still the first one (both fire).
    expect(await fired(who, { credits_remaining: 0, last_campaign_id: "camp-2" })).toEqual(LOW_THEN_DEPLETED);
  });

  it("uses the account's own threshold (PATCH /v1/account)", async () => {
    const who = await subscribedAccount("Threshold");
    const patched = await h.as(who.auth).patch("/v1/account", { credits_threshold: 100 });
    expect(patched.statusCode).toBe(200);
    expect(patched.json().credits_threshold).toBe(100);
    expect(await fired(who, { credits_remaining: 150 })).toEqual([]);
    const low = await report(who, { credits_remaining: 50 });
    expect((await envelope(who, low.json().events[0].id)).data).toEqual({
      credits_remaining: 50,
      threshold: 100,
    });
  });

  const bad: [string, unknown, string][] = [
    ["credits_remaining missing", {}, "credits_remaining"],
    ["credits_remaining negative", { credits_remaining: -1 }, "credits_remaining"],
    ["credits_remaining a string", { credits_remaining: "5" }, "credits_remaining"],
    ["last_campaign_id not a string", { credits_remaining: 5, last_campaign_id: 12 }, "last_campaign_id"],
    ["last_campaign_id empty", { credits_remaining: 5, last_campaign_id: "" }, "last_campaign_id"],
    ["an unknown field", { credits_remaining: 5, credits: 5 }, "credits"],
    ["not an object", [5], "body"],
  ];
  it.each(bad)("refuses %s with 422 naming the field, recording nothing", async (_name, body, field) => {
    const who = await subscribedAccount("Bad report");
    const answer = await report(who, body);
    expect(answer.statusCode).toBe(422);
    expect(answer.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    // Nothing recorded: a first valid report below the threshold still fires.
    expect(await fired(who, { credits_remaining: 1 })).toEqual(["credits.low"]);
  });
});

describe("GET and PATCH /v1/account", () => {
  it("answers the authenticated account, default threshold 10", async () => {
    const answer = await h.app.inject({ method: "GET", url: "/v1/account", headers: h.alice.auth });
    expect(answer.statusCode).toBe(200);
    expect(answer.json()).toEqual({
      id: h.alice.account.id,
      name: "Alice",
      credits_threshold: 10,
      created_at: "2024-01-15T10:30:00.000Z",
    });
  });

  it.each([
    [{ credits_threshold: -5 }, "credits_threshold"],
    [{ credits_threshold: "10" }, "credits_threshold"],
    [{ name: "Mallory" }, "name"],
  ])("refuses %j with 422 naming the field and changes nothing", async (body, field) => {
    const answer = await h.as(h.bob.auth).patch("/v1/account", body);
    expect(answer.statusCode).toBe(422);
    expect(answer.json().errors[0].field).toBe(field);
    expect((await h.store.getAccount(h.bob.account.id))?.creditsThreshold).toBe(10);
  });

  it("an empty PATCH body is 400 naming body", async () => {
    const answer = await h.as(h.bob.auth).raw("PATCH", "/v1/account", "application/json", "");
    expect(answer.statusCode).toBe(400);
    expect(answer.json().errors).toEqual([{ field: "body", message: expect.any(String) }]);
  });
});
