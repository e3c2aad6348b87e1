import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RecordingReceiver, startRecordingReceiver } from "../support/recording-receiver.js";
import { type ApiHarness, startApiHarness, type TestAccount } from "./support/api-harness.js";
import { attemptDueDeliveries } from "./support/attempts.js";
import { PROBLEM_JSON, sampleData } from "./support/samples.js";

/**
 * The isolation matrix: every route taking an id, called by another account with the owner's ids,
 * answers 404 and changes nothing (records, secrets, deliveries, attempts, recoveries, requests sent).
 */
type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

let h: ApiHarness;
let receiver: RecordingReceiver;
let ids: { endpoint: string; event: string; delivery: string; recovery: string };

beforeAll(async () => {
  h = await startApiHarness({ developmentMode: true, testSender: { timeoutMs: 2000 } });
  receiver = await startRecordingReceiver();
  const alice = h.alice;
  const endpoint = (
    await h.app.inject({
      method: "POST",
      url: "/v1/endpoints",
      headers: alice.auth,
      payload: {
        url: `${receiver.url}/alice`,
        event_types: ["campaign.created"],
        secret: "alice-only-secret",
        metadata: { owner: "alice" },
      },
    })
  ).json().id as string;
  await h.as(alice.auth).post(`/v1/endpoints/${endpoint}/secret/rotate`, { secret: "alice-rotated-secret" });
  const event = (
    await h
      .as(alice.auth)
      .post("/v1/events", { event: "campaign.created", data: sampleData("campaign.created") })
  ).json().id as string;
  const [delivery] = await attemptDueDeliveries(h.store, h.clock.now(), 500);
  const recovery = (
    await h
      .as(alice.auth)
      .post(`/v1/endpoints/${endpoint}/recover`, { since: new Date(h.clock.now() - 3_600_000).toISOString() })
  ).json().recovery_id as string;
  await attemptDueDeliveries(h.store, h.clock.now(), 500); // failed again: a resend would change it
  ids = { endpoint, event, delivery: delivery ?? "", recovery };
});
afterAll(async () => {
  await receiver.close();
  await h.close();
});

/** Everything of Alice's that a route could change. */
async function aliceState() {
  const accountId = h.alice.account.id;
  return {
    endpoints: await h.store.listEndpoints(accountId),
    previousSecrets: await h.store.listPreviousSecrets(accountId, ids.endpoint, h.clock.now()),
    deliveries: await h.store.listDeliveries(accountId, { limit: 100 }),
    attempts: await h.store.listAttempts(accountId, ids.delivery),
    recovery: await h.store.getRecovery(accountId, ids.recovery),
    events: await h.store.listEvents(accountId, { limit: 100 }),
    counts: await h.deliveryCounts(),
    requestsReceived: receiver.requests.length,
  };
}

function routes(): [Method, string, unknown][] {
  const { endpoint, event, delivery, recovery } = ids;
  return [
    ["GET", `/v1/endpoints/${endpoint}`, undefined],
    ["PATCH", `/v1/endpoints/${endpoint}`, { enabled: false, metadata: { owner: "bob" } }],
    ["DELETE", `/v1/endpoints/${endpoint}`, undefined],
    ["GET", `/v1/endpoints/${endpoint}/stats`, undefined],
    ["GET", `/v1/endpoints/${endpoint}/secret`, undefined],
    ["PUT", `/v1/endpoints/${endpoint}/secret`, { secret: "bob-took-over" }],
    ["PUT", `/v1/endpoints/${endpoint}/secret`, { generate: true }],
    ["POST", `/v1/endpoints/${endpoint}/secret/rotate`, { secret: "bob-rotated-it" }],
    ["POST", `/v1/endpoints/${endpoint}/secret/rotate`, {}],
    ["POST", `/v1/endpoints/${endpoint}/test`, { event_type: "campaign.created" }],
    [
      "POST",
      `/v1/endpoints/${endpoint}/recover`,
      { since: new Date(h.clock.now() - 3_600_000).toISOString() },
    ],
    ["GET", `/v1/stats/deliveries?endpoint_id=${endpoint}`, undefined],
    ["GET", `/v1/events/${event}`, undefined],
    ["GET", `/v1/deliveries/${delivery}`, undefined],
    ["POST", `/v1/deliveries/${delivery}/resend`, undefined],
    ["GET", `/v1/recoveries/${recovery}`, undefined],
  ];
}

async function callAs(account: TestAccount, method: Method, url: string, body: unknown) {
  return h.app.inject({
    method,
    url,
    headers: account.auth,
    ...(body === undefined ? {} : { payload: body as Record<string, unknown> }),
  });
}

describe("the isolation matrix", () => {
  it("the owner can use every route of the matrix (so a 404 below is about ownership)", async () => {
    for (const [method, url] of routes().filter(([method]) => method === "GET")) {
      const answer = await callAs(h.alice, method, url, undefined);
      expect(answer.statusCode, `${method} ${url}`).toBe(200);
    }
  });

  it("another account gets 404 on every route taking an id, and nothing of the owner's changes", async () => {
    const before = await aliceState();
    for (const [method, url, body] of routes()) {
      const answer = await callAs(h.bob, method, url, body);
      expect(answer.statusCode, `${method} ${url}`).toBe(404);
      expect(answer.headers["content-type"], `${method} ${url}`).toContain(PROBLEM_JSON);
      expect(answer.json().code, `${method} ${url}`).toBe("not_found");
      expect(answer.body, `${method} ${url}`).not.toContain("alice");
    }
    expect(await aliceState()).toEqual(before);
    // Bob's own lists stay empty of Alice's things.
    for (const url of ["/v1/endpoints", "/v1/events", `/v1/deliveries?endpoint_id=${ids.endpoint}`]) {
      expect((await callAs(h.bob, "GET", url, undefined)).json().data, url).toEqual([]);
    }
  });
});
