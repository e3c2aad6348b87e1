import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RecordingReceiver, startRecordingReceiver } from "../support/recording-receiver.js";
import { type ApiHarness, startApiHarness } from "./support/api-harness.js";
import { attemptDueDeliveries } from "./support/attempts.js";
import { PROBLEM_JSON, sampleData } from "./support/samples.js";

/** The management routes over a real loopback socket (fetch), the way the dashboard calls them. */
let h: ApiHarness;
let receiver: RecordingReceiver;
let baseUrl: string;
let endpointId: string;

beforeAll(async () => {
  h = await startApiHarness({ developmentMode: true, testSender: { timeoutMs: 2000 } });
  receiver = await startRecordingReceiver();
  await h.app.listen({ port: 0, host: "127.0.0.1" });
  baseUrl = `http://127.0.0.1:${(h.app.server.address() as AddressInfo).port}`;
  endpointId = (
    await call("POST", "/v1/endpoints", {
      url: `${receiver.url}/hooks`,
      event_types: ["campaign.created"],
      secret: "socket-secret-1",
      metadata: { via: "socket" },
    })
  ).body.id;
});
afterAll(async () => {
  await receiver.close();
  await h.close();
});

async function call(method: string, path: string, body?: unknown) {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${h.alice.apiKey}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return {
    status: response.status,
    contentType: response.headers.get("content-type") ?? "",
    headers: response.headers,
    body: text === "" ? undefined : JSON.parse(text),
  };
}

describe("the management API over a socket", () => {
  it("rotates and reveals the secret, then tests the endpoint with both signatures", async () => {
    const rotated = await call("POST", `/v1/endpoints/${endpointId}/secret/rotate`, {
      secret: "socket-secret-2",
    });
    expect(rotated.status).toBe(200);
    expect(rotated.headers.get("cache-control")).toBe("no-store");
    const revealed = await call("GET", `/v1/endpoints/${endpointId}/secret`);
    expect(revealed.body).toEqual({
      secret: "socket-secret-2",
      previous: [{ expires_at: rotated.body.previous_expires_at }],
    });

    const tested = await call("POST", `/v1/endpoints/${endpointId}/test`, {
      event_type: "candidate.sourced",
    });
    expect(tested.status).toBe(200);
    expect(tested.body).toMatchObject({ succeeded: true, status_code: 200, error_kind: null });
    const received = receiver.requests.at(-1);
    expect(received?.headers["x-voicehire-test"]).toBe("true");
    expect(String(received?.headers["webhook-signature"]).split(" ")).toHaveLength(2);
  });

  it("shows stats and the delivery series, resends and recovers", async () => {
    await call("POST", "/v1/events", { event: "campaign.created", data: sampleData("campaign.created") });
    const [deliveryId] = await attemptDueDeliveries(h.store, h.clock.now(), 500);
    const stats = await call("GET", `/v1/endpoints/${endpointId}/stats`);
    expect(stats.body.last_hour).toEqual({ attempts: 1, succeeded: 0, failed: 1, success_rate: 0 });
    const series = await call("GET", "/v1/stats/deliveries?bucket=hour");
    expect(series.body.data.at(-1)).toMatchObject({ failed: 1 });

    const resent = await call("POST", `/v1/deliveries/${deliveryId}/resend`);
    expect(resent.status).toBe(202);
    expect(resent.body).toMatchObject({ id: deliveryId, status: "pending" });
    await attemptDueDeliveries(h.store, h.clock.now(), 500);

    const recovered = await call("POST", `/v1/endpoints/${endpointId}/recover`, {
      since: new Date(h.clock.now() - 60_000).toISOString(),
    });
    expect(recovered.status).toBe(202);
    expect(recovered.body).toMatchObject({ status: "done", total: 1, requeued: 1 });
    const progress = await call("GET", `/v1/recoveries/${recovered.body.recovery_id}`);
    expect(progress.body).toEqual(recovered.body);
    const detail = await call("GET", `/v1/deliveries/${deliveryId}`);
    expect(detail.body).toMatchObject({
      status: "pending",
      attempt_count: 2,
      event: { event: "campaign.created" },
    });
    const events = await call("GET", "/v1/events?event_type=campaign.created");
    expect(events.body.data.length).toBeGreaterThanOrEqual(1);
  });

  it("answers bad input as problem+json naming the field", async () => {
    const answer = await call("POST", `/v1/endpoints/${endpointId}/recover`, { since: "soon" });
    expect(answer.status).toBe(422);
    expect(answer.contentType).toContain(PROBLEM_JSON);
    expect(answer.body.errors).toEqual([{ field: "since", message: expect.stringContaining("date-time") }]);
    const query = await call("GET", "/v1/deliveries?test=sometimes");
    expect(query.status).toBe(422);
    expect(query.body.errors.map((e: { field: string }) => e.field)).toEqual(["test"]);
  });
});
