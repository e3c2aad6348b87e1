import {
  buildSignedDelivery,
  eventCatalog,
  type SignedDelivery,
  signStandardWebhooks,
  signVoiceHire,
} from "@voicehire/webhooks";
import { afterEach, describe, expect, it } from "vitest";
import { createPainter } from "../../src/cli/listen/format-delivery.js";
import {
  type ListenFlags,
  type ListenSettings,
  resolveListenSettings,
} from "../../src/cli/listen/listen-settings.js";
import { type RunningListener, startListener } from "../../src/cli/listen/start-listener.js";
import { closedLoopbackPort } from "../support/closed-port.js";
import { type RecordingReceiver, startRecordingReceiver } from "../support/recording-receiver.js";
import { waitFor } from "../support/wait-for.js";

/**
 * The `listen` receiver in-process, over real loopback HTTP: what it answers, what it prints, and what
 * it forwards. (test/e2e/listen-cli.test.ts runs the built command against a real server.)
 */
const SECRET = "my-shared-secret";
const RECEIVED_AT = new Date("2024-01-15T10:30:05.250Z");

interface Started {
  readonly listener: RunningListener;
  readonly printed: string[];
}

const listeners: RunningListener[] = [];
const receivers: RecordingReceiver[] = [];

afterEach(async () => {
  await Promise.all(listeners.splice(0).map((listener) => listener.close()));
  await Promise.all(receivers.splice(0).map((receiver) => receiver.close()));
});

function settingsFor(flags: ListenFlags, overrides: Partial<ListenSettings> = {}): ListenSettings {
  const resolved = resolveListenSettings({ port: "0", ...flags }, {});
  if (!resolved.ok) throw new Error(resolved.message);
  return { ...resolved.settings, ...overrides };
}

async function listen(flags: ListenFlags, overrides: Partial<ListenSettings> = {}): Promise<Started> {
  const printed: string[] = [];
  const listener = await startListener(settingsFor(flags, overrides), {
    print: (text) => printed.push(text),
    now: () => RECEIVED_AT,
    paint: createPainter(false),
  });
  listeners.push(listener);
  return { listener, printed };
}

async function recordingApp(status: number, body: string): Promise<RecordingReceiver> {
  const receiver = await startRecordingReceiver((_request, response) => {
    response.writeHead(status, { "content-type": "application/json" }).end(body);
  });
  receivers.push(receiver);
  return receiver;
}

function post(
  url: string,
  delivery: { body: string | Uint8Array<ArrayBuffer>; headers: Record<string, string> },
) {
  return fetch(url, { method: "POST", headers: delivery.headers, body: delivery.body });
}

function interviewCompleted(secrets: string | string[], extra: { test?: boolean; attempt?: number } = {}) {
  return buildSignedDelivery({
    event: "candidate.interview.completed",
    data: eventCatalog["candidate.interview.completed"].sample,
    secrets,
    id: "evt_listen_1",
    timestamp: "2024-01-15T14:45:00.000Z",
    ...extra,
  });
}

describe("listen: verifying and printing deliveries", () => {
  it("verifies a signed delivery, answers 200 received, and prints one block with every fact", async () => {
    const { listener, printed } = await listen({ secret: [SECRET] });
    const delivery = await interviewCompleted(SECRET, { attempt: 2 });
    const response = await post(`${listener.url}/webhooks`, delivery);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "received" });
    expect(printed).toHaveLength(1);
    const block = printed[0] as string;
    expect(block).toContain("── 2024-01-15T10:30:05.250Z  POST /webhooks ");
    expect(block).toMatch(/ event {6}candidate\.interview\.completed\n/);
    expect(block).toMatch(/ id {9}evt_listen_1\n/);
    expect(block).toMatch(/ happened {3}2024-01-15T14:45:00\.000Z\n/);
    expect(block).toMatch(/ attempt {4}2\n/);
    expect(block).toMatch(/ test {7}no\n/);
    expect(block).toContain("signature  verified\n");
    expect(block).toContain("- webhook-signature (Standard Webhooks) is valid\n");
    expect(block).toContain("- X-VoiceHire-Signature is valid\n");
    expect(block).toContain(`x-voicehire-signature: ${delivery.headers["x-voicehire-signature"]}`);
    // The data, indented, with the payload's real field names.
    expect(block).toContain('\n  data       {\n               "campaign_id": "abc123def456",\n');
    expect(block).toContain('               "interview_score": 8.5,\n');
    expect(block).toMatch(/ answered {3}200 \{"status":"received"\}$/);
  });

  it("accepts either scheme: X-VoiceHire-Signature alone verifies too", async () => {
    const { listener, printed } = await listen({ secret: [SECRET] });
    const { body, headers } = await interviewCompleted(SECRET);
    const {
      "webhook-id": _id,
      "webhook-timestamp": _ts,
      "webhook-signature": _sig,
      ...voicehireOnly
    } = headers;
    const response = await post(listener.url, { body, headers: voicehireOnly });
    expect(response.status).toBe(200);
    expect(printed[0]).toContain("signature  verified\n             - X-VoiceHire-Signature is valid\n");
    expect(printed[0]).not.toContain("webhook-signature (Standard Webhooks)");
  });

  it("verifies with any of several secrets and says which one matched", async () => {
    const { listener, printed } = await listen({ secret: ["the-new-secret", SECRET] });
    const response = await post(listener.url, await interviewCompleted(SECRET));
    expect(response.status).toBe(200);
    expect(printed[0]).toContain("- webhook-signature (Standard Webhooks) is valid with secret 2 of 2");
  });

  it("answers 401 to a wrong secret and prints why, in words", async () => {
    const { listener, printed } = await listen({ secret: ["not-the-secret"] });
    const response = await post(listener.url, await interviewCompleted(SECRET));
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { code: "signature_mismatch" } });
    const block = printed[0] as string;
    expect(block).toContain(
      "signature  NOT VERIFIED: signature_mismatch: webhook-signature does not match the body under any secret",
    );
    expect(block).toContain("- X-VoiceHire-Signature does not verify (signature_mismatch:");
    expect(block).toMatch(/ answered {3}401 /);
  });

  it("answers 401 to a tampered body, and 401 to an unsigned delivery when a secret is given", async () => {
    const { listener, printed } = await listen({ secret: [SECRET] });
    const delivery = await interviewCompleted(SECRET);
    const tampered = await post(listener.url, { ...delivery, body: delivery.body.replace("8.5", "9.5") });
    expect(tampered.status).toBe(401);
    const unsigned = await post(listener.url, {
      body: delivery.body,
      headers: { "content-type": "application/json" },
    });
    expect(unsigned.status).toBe(401);
    expect(printed[1]).toContain("NOT VERIFIED: missing_signature");
  });

  it("without a secret, prints deliveries as unverified (signed) or unsigned and answers 200", async () => {
    const { listener, printed } = await listen({});
    const signed = await interviewCompleted(SECRET);
    expect((await post(listener.url, signed)).status).toBe(200);
    expect(printed[0]).toContain(
      "signature  unverified: signed (x-voicehire-signature, webhook-signature), but no --secret was given to check it",
    );
    const unsigned = {
      body: signed.body,
      headers: { "content-type": "application/json", "x-voicehire-event": "candidate.interview.completed" },
    };
    expect((await post(listener.url, unsigned)).status).toBe(200);
    expect(printed[1]).toContain("signature  unsigned: the delivery has no signature header");
    expect(printed[1]).toContain('"interview_score": 8.5');
    const notJson = await post(listener.url, { body: "not json", headers: { "content-type": "text/plain" } });
    expect(notJson.status).toBe(400);
    expect(printed[2]).toContain("body       (not a JSON object) not json");
  });

  it("flags a test delivery", async () => {
    const { listener, printed } = await listen({ secret: [SECRET] });
    expect((await post(listener.url, await interviewCompleted(SECRET, { test: true }))).status).toBe(200);
    expect(printed[0]).toMatch(/ test {7}yes: a test delivery \(the "Tester" button\), not a real event\n/);
  });

  it("accepts only POSTs to --path and below, answering 404 and 405 otherwise", async () => {
    const { listener, printed } = await listen({ secret: [SECRET], path: "/webhooks/" });
    const delivery = await interviewCompleted(SECRET);
    expect((await post(`${listener.url}/webhooks`, delivery)).status).toBe(200);
    expect((await post(`${listener.url}/webhooks/voicehire?x=1`, delivery)).status).toBe(200);
    expect((await post(`${listener.url}/webhooksX`, delivery)).status).toBe(404);
    const get = await fetch(`${listener.url}/webhooks`);
    expect(get.status).toBe(405);
    expect(get.headers.get("allow")).toBe("POST");
    expect(printed.slice(2)).toEqual([
      expect.stringContaining("POST /webhooksX: ignored, answered 404"),
      expect.stringContaining("GET /webhooks: ignored, answered 405"),
    ]);
  });

  it("answers 413 to a body over the limit", async () => {
    const { listener, printed } = await listen({ secret: [SECRET] }, { maxBodyBytes: 1024 });
    const response = await post(listener.url, { body: "x".repeat(4096), headers: {} });
    expect(response.status).toBe(413);
    expect(printed[0]).toContain("body over 1024 bytes, answered 413");
  });
});

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

    const silent = await startRecordingReceiver(() => {}); // never answers
    receivers.push(silent);
    const slow = await listen({ secret: [SECRET], forwardTo: silent.url }, { forwardTimeoutMs: 200 });
    const timedOut = await post(slow.listener.url, await interviewCompleted(SECRET));
    expect(timedOut.status).toBe(504);
    expect(slow.printed[0]).toContain("the app timed out (no answer within 200 ms)");
    await waitFor("the timed-out forward to be dropped", () => silent.inFlight() === 0, 5_000);
  });
});

describe("listen settings", () => {
  it("defaults to 127.0.0.1:9000, every path, no secret, no forwarding", () => {
    const resolved = resolveListenSettings({}, {});
    expect(resolved).toMatchObject({
      ok: true,
      settings: { host: "127.0.0.1", port: 9000, path: "/", secrets: [] },
    });
    expect(resolved.ok && "forwardTo" in resolved.settings).toBe(false);
  });

  it("takes the secret from VOICEHIRE_WEBHOOK_SECRET when no --secret is given", () => {
    const env = { VOICEHIRE_WEBHOOK_SECRET: "from-env" };
    expect(resolveListenSettings({}, env)).toMatchObject({ settings: { secrets: ["from-env"] } });
    expect(resolveListenSettings({ secret: ["a", "b"] }, env)).toMatchObject({
      settings: { secrets: ["a", "b"] },
    });
  });

  it("refuses bad flags with a message naming the flag", () => {
    const refusal = (flags: ListenFlags) => {
      const resolved = resolveListenSettings(flags, {});
      return resolved.ok ? "accepted" : resolved.message;
    };
    expect(refusal({ port: "70000" })).toMatch(/^voicehire-webhooks: --port must be a whole number/);
    expect(refusal({ port: "abc" })).toContain("--port");
    expect(refusal({ path: "webhooks" })).toContain('--path must start with "/"');
    expect(refusal({ secret: [""] })).toContain("--secret must not be empty");
    expect(refusal({ forwardTo: "localhost:3000/hook" })).toContain(
      "--forward-to must be an http:// or https:// URL",
    );
    expect(refusal({ forwardTo: "ftp://127.0.0.1/x" })).toContain("--forward-to");
    expect(refusal({ host: " " })).toContain("--host");
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
