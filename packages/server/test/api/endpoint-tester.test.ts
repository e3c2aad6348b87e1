import { eventCatalog, verifySignature } from "@voicehire/webhooks";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { closedLoopbackPort } from "../support/closed-port.js";
import { forAllTests } from "../support/fixture-hooks.js";
import { type RecordingReceiver, startRecordingReceiver } from "../support/recording-receiver.js";
import { type ApiHarness, apiHarness, startApiHarness } from "./support/api-harness.js";
import { PROBLEM_JSON } from "./support/samples.js";

let h: ApiHarness;
let receiver: RecordingReceiver;
beforeEach(async () => {
  h = await startApiHarness({ developmentMode: true, testSender: { timeoutMs: 2000 } });
  receiver = await startRecordingReceiver((_request, response) => {
    response.writeHead(200, { "content-type": "text/plain", "x-receiver": "yes" }).end("received, thanks");
  });
});
afterEach(async () => {
  await receiver.close();
  await h.close();
});

/**
 * Alice's endpoint on `on` (the file's harness unless told): unsigned unless given a secret (`secret:
 * null` asks for that explicitly: endpoints sign by default).
 */
async function createEndpoint(url: string, secret?: string, on: ApiHarness = h): Promise<string> {
  const answer = await on
    .as(on.alice.auth)
    .post("/v1/endpoints", { url, event_types: ["campaign.created"], secret: secret ?? null });
  expect(answer.statusCode).toBe(201);
  return answer.json().id as string;
}

/** Alice presses "Tester" on `endpointId` of `on` (the file's harness unless told). */
function test(endpointId: string, payload?: unknown, on: ApiHarness = h) {
  return on.app.inject({
    method: "POST",
    url: `/v1/endpoints/${endpointId}/test`,
    headers: on.alice.auth,
    ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
  });
}

describe("POST /v1/endpoints/:id/test", () => {
  it("sends the signed catalog sample now, marked as a test, and answers the outcome", async () => {
    const id = await createEndpoint(`${receiver.url}/hooks`, "tester-secret");
    const answer = await test(id, { event_type: "candidate.interview.completed" });
    expect(answer.statusCode).toBe(200);
    const outcome = answer.json();
    expect(outcome).toEqual({
      delivery_id: expect.stringMatching(/^dlv_/),
      event_id: expect.stringMatching(/^evt_/),
      succeeded: true,
      status_code: 200,
      duration_ms: expect.any(Number),
      response_excerpt: "received, thanks",
      error_kind: null,
      error_message: null,
    });

    expect(receiver.requests).toHaveLength(1);
    const [request] = receiver.requests;
    if (request === undefined) throw new Error("no request received");
    expect(request.path).toBe("/hooks");
    const envelope = JSON.parse(request.body.toString("utf8"));
    expect(envelope).toEqual({
      id: outcome.event_id,
      event: "candidate.interview.completed",
      timestamp: new Date(h.clock.now()).toISOString(),
      test: true,
      data: eventCatalog["candidate.interview.completed"].sample,
    });
    expect(request.headers).toMatchObject({
      "x-voicehire-test": "true",
      "x-voicehire-event": "candidate.interview.completed",
      "x-voicehire-event-id": outcome.event_id,
      "x-voicehire-attempt": "1",
      "user-agent": "VoiceHire-Webhooks/test",
    });
    const now = () => h.clock.now();
    expect(
      await verifySignature(request.body, request.headers, "tester-secret", { scheme: "voicehire" }),
    ).toMatchObject({ ok: true });
    expect(await verifySignature(request.body, request.headers, "tester-secret", { now })).toMatchObject({
      ok: true,
    });
  });

  it("logs the test as a test delivery with its one attempt, and never retries it", async () => {
    const id = await createEndpoint(`${receiver.url}/hooks`, "tester-secret");
    const outcome = (await test(id, { event_type: "campaign.created" })).json();
    const listed = await h.as(h.alice.auth).get("/v1/deliveries?test=true");
    expect(listed.json().data.map((d: { id: string }) => d.id)).toEqual([outcome.delivery_id]);
    const real = await h.as(h.alice.auth).get("/v1/deliveries?test=false");
    expect(real.json().data).toEqual([]);

    const detail = (await h.as(h.alice.auth).get(`/v1/deliveries/${outcome.delivery_id}`)).json();
    expect(detail).toMatchObject({
      id: outcome.delivery_id,
      test: true,
      status: "succeeded",
      attempt_count: 1,
      next_attempt_at: null,
      event: { id: outcome.event_id, event: "campaign.created", test: true },
    });
    expect(detail.attempts).toHaveLength(1);
    expect(detail.attempts[0].request_headers).toMatchObject({
      "X-VoiceHire-Test": "true",
      "X-VoiceHire-Signature": "[redacted]",
      "webhook-signature": "[redacted]",
    });
    expect(detail.attempts[0].response_headers).toMatchObject({ "x-receiver": "yes" });
    expect(JSON.stringify(detail)).not.toContain("tester-secret");

    h.clock.advance(24 * 3_600_000);
    expect(
      await h.store.claimDueDeliveries({ workerId: "w", now: h.clock.now(), leaseMs: 1000, limit: 10 }),
    ).toEqual([]);
    expect(receiver.requests).toHaveLength(1);
  });

  it("answers a failure as an outcome, in plain words, and logs it as failed (not retried)", async () => {
    receiver.setResponder((_request, response) => {
      response.writeHead(500).end("database down");
    });
    const id = await createEndpoint(`${receiver.url}/hooks`);
    const answer = await test(id, { event_type: "credits.low" });
    expect(answer.statusCode).toBe(200);
    expect(answer.json()).toMatchObject({
      succeeded: false,
      status_code: 500,
      response_excerpt: "database down",
      error_kind: "http_status",
      error_message: "The endpoint answered HTTP 500; only a 2xx status counts as received.",
    });
    expect(receiver.requests[0]?.headers["x-voicehire-signature"]).toBeUndefined();
    const delivery = await h.store.getDelivery(h.alice.account.id, answer.json().delivery_id);
    expect(delivery).toMatchObject({
      status: "failed",
      test: true,
      nextAttemptAt: null,
      lastStatusCode: 500,
    });
  });

  it("explains a connection failure in plain words", async () => {
    const id = await createEndpoint(`http://127.0.0.1:${await closedLoopbackPort()}/hooks`);
    const answer = await test(id, { event_type: "campaign.created" });
    expect(answer.json()).toMatchObject({
      succeeded: false,
      status_code: null,
      response_excerpt: null,
      error_kind: "connection_refused",
      error_message: expect.stringMatching(
        /^The connection was refused: nothing listens at this address and port\. \(.*ECONNREFUSED/,
      ),
    });
  });

  it("signs with both secrets during a rotation", async () => {
    const id = await createEndpoint(`${receiver.url}/hooks`, "old-secret-of-tester");
    await h.as(h.alice.auth).post(`/v1/endpoints/${id}/secret/rotate`, { secret: "new-secret-of-tester" });
    await test(id, { event_type: "campaign.created" });
    const [request] = receiver.requests;
    if (request === undefined) throw new Error("no request received");
    expect(String(request.headers["webhook-signature"]).split(" ")).toHaveLength(2);
    const now = () => h.clock.now();
    for (const secret of ["old-secret-of-tester", "new-secret-of-tester"]) {
      expect(await verifySignature(request.body, request.headers, secret, { now })).toMatchObject({
        ok: true,
      });
    }
    expect(
      await verifySignature(request.body, request.headers, "new-secret-of-tester", { scheme: "voicehire" }),
    ).toMatchObject({ ok: true });
  });

  it.each([
    [{}, "event_type", "is required"],
    [{ event_type: "campaign.deleted" }, "event_type", "must be one of"],
    [{ event_type: "campaign.created", count: 3 }, "count", "is not allowed"],
    [{ event_type: ["campaign.created"] }, "event_type", "must be a string"],
  ])("refuses %j naming %s: nothing sent, nothing stored", async (payload, field, message) => {
    const id = await createEndpoint(`${receiver.url}/hooks`);
    const before = await h.deliveryCounts();
    const answer = await test(id, payload);
    expect(answer.statusCode).toBe(422);
    expect(answer.headers["content-type"]).toContain(PROBLEM_JSON);
    expect(answer.json().code).toBe("validation_failed");
    expect(answer.json().errors).toEqual([{ field, message: expect.stringContaining(message) }]);
    expect(receiver.requests).toEqual([]);
    expect(await h.deliveryCounts()).toEqual(before);
  });

  it("needs a body, and answers 404 for an unknown endpoint", async () => {
    const id = await createEndpoint(`${receiver.url}/hooks`);
    expect((await test(id)).json()).toMatchObject({ status: 400, code: "empty_body" });
    expect((await test("ep_missing", { event_type: "campaign.created" })).statusCode).toBe(404);
    expect(receiver.requests).toEqual([]);
  });
});

describe("POST /v1/endpoints/:id/test without a sender", () => {
  let bare: ApiHarness;
  forAllTests(apiHarness({ developmentMode: true }), (started) => {
    bare = started;
  });

  it("answers 503 and sends nothing", async () => {
    const id = await createEndpoint(`${receiver.url}/hooks`, undefined, bare);
    const answer = await test(id, { event_type: "campaign.created" }, bare);
    expect(answer.statusCode).toBe(503);
    expect(answer.json().code).toBe("service_unavailable");
    expect(receiver.requests).toEqual([]);
  });
});
