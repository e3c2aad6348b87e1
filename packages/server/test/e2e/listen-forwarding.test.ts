import {
  buildSignedDelivery,
  eventCatalog,
  type SignedDelivery,
  signStandardWebhooks,
  signVoiceHire,
} from "@voicehire/webhooks";
import { describe, expect, it } from "vitest";
import { closedLoopbackPort } from "../support/closed-port.js";
import { waitFor } from "../support/wait-for.js";
import { inProcessListeners, interviewCompleted, post, SECRET } from "./support/in-process-listener.js";

/** `listen --forward-to`, in-process over real loopback HTTP: what reaches the app, and what comes back. */
const { listen, recordingApp, silentApp } = inProcessListeners();

describe("listen --forward-to", () => {
  it("passes the exact bytes and the delivery headers on, and answers with the app's status and body", async () => {
    const app = await recordingApp(202, '{"queued":true}');
    const { listener, printed } = await listen({ secret: [SECRET], forwardTo: `${app.url}/hooks/voicehire` });
    // Bytes a JSON round trip would change (spacing, a raw U+2028, an emoji): they must arrive as sent.
    const delivery = await buildSignedDelivery({
      event: "campaign.created",
      data: { ...eventCatalog["campaign.created"].sample, job_title: "Développeur \u2028 Full\tStack 🚀" },
      secrets: SECRET,
      test: true,
    });
    const body = new TextEncoder().encode(delivery.body.replace('"data":{', '"data":  {'));
    const headers = {
      ...delivery.headers,
      ...(await signedHeaders(body, delivery)),
      "user-agent": "VoiceHire-Webhooks/9.9.9",
    };
    const response = await post(`${listener.url}/anything`, { body, headers });
    expect(response.status).toBe(202);
    expect(await response.text()).toBe('{"queued":true}');

    expect(app.requests).toHaveLength(1);
    const forwarded = app.requests[0];
    expect(forwarded?.path).toBe("/hooks/voicehire");
    expect(Buffer.compare(forwarded?.body ?? Buffer.alloc(0), Buffer.from(body))).toBe(0);
    for (const [name, value] of Object.entries(headers)) expect(forwarded?.headers[name], name).toBe(value);
    expect(forwarded?.headers["content-length"]).toBe(String(body.length));
    expect(printed[0]).toMatch(
      new RegExp(
        ` forwarded {2}to ${app.url}/hooks/voicehire: the app answered 202 in \\d+ ms \\{"queued":true\\}\\n`,
      ),
    );
    expect(printed[0]).toMatch(/ answered {3}202 \{"queued":true\}$/);
  });

  it("relays the app's failure status, so the delivery is retried", async () => {
    const app = await recordingApp(500, '{"error":"boom"}');
    const { listener, printed } = await listen({ secret: [SECRET], forwardTo: app.url });
    expect((await post(listener.url, await interviewCompleted(SECRET))).status).toBe(500);
    expect(printed[0]).toContain("the app answered 500 in");
  });

  it("does not forward a delivery it refuses", async () => {
    const app = await recordingApp(200, "{}");
    const { listener, printed } = await listen({ secret: ["wrong"], forwardTo: app.url });
    expect((await post(listener.url, await interviewCompleted(SECRET))).status).toBe(401);
    expect(app.requests).toHaveLength(0);
    expect(printed[0]).toContain(`forwarded  not forwarded to ${app.url}/ (the delivery was refused)`);
  });

  it("answers 502 when the app is down, and 504 when it does not answer in time", async () => {
    const down = await listen({
      secret: [SECRET],
      forwardTo: `http://127.0.0.1:${await closedLoopbackPort()}/hook`,
    });
    const refused = await post(down.listener.url, await interviewCompleted(SECRET));
    expect(refused.status).toBe(502);
    expect(await refused.json()).toMatchObject({ error: { code: "app_unreachable" } });
    expect(down.printed[0]).toMatch(/the app is unreachable \(connect ECONNREFUSED 127\.0\.0\.1:\d+\)/);

    const silent = await silentApp();
    const slow = await listen({ secret: [SECRET], forwardTo: silent.url }, { forwardTimeoutMs: 200 });
    const timedOut = await post(slow.listener.url, await interviewCompleted(SECRET));
    expect(timedOut.status).toBe(504);
    expect(slow.printed[0]).toContain("the app timed out (no answer within 200 ms)");
    await waitFor("the timed-out forward to be dropped", () => silent.inFlight() === 0, 5_000);
  });
});

/** The signature headers of `body` (bytes that differ from `delivery.body`), keeping the delivery's id. */
async function signedHeaders(body: Uint8Array, delivery: SignedDelivery): Promise<Record<string, string>> {
  const id = delivery.headers["webhook-id"] as string;
  const seconds = Number(delivery.headers["webhook-timestamp"]);
  return {
    "x-voicehire-signature": await signVoiceHire(body, SECRET),
    "webhook-signature": await signStandardWebhooks({ id, timestamp: seconds, body, secrets: SECRET }),
  };
}
