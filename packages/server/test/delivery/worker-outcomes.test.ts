import { createHmac } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Webhook as StandardWebhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { closedLoopbackPort } from "../support/closed-port.js";
import { forEachTest } from "../support/fixture-hooks.js";
import { deliveryHarness, type Harness } from "./support/harness.js";
import { answer, type ReceiverHandler } from "./support/receiver.js";
import { publishEnvelope, seedEndpoint } from "./support/seed.js";
import { makeSelfSignedCert } from "./support/self-signed-cert.js";
import { SIGNED_HEADER_NAMES } from "./support/signed-header-names.js";

let h: Harness;
forEachTest(deliveryHarness(), (started) => {
  h = started;
});

/** A receiver served by `handler`, an endpoint to it at `path`, one event published and a worker started. */
async function publishToReceiver(handler: ReceiverHandler, path = "") {
  const target = await h.receiver(handler);
  await seedEndpoint(h.store, h.accountId, `${target.url}${path}`);
  const { eventId } = await publishEnvelope(h.store, h.accountId);
  h.startWorker();
  return { target, eventId };
}

describe("delivery worker: what each answer leads to", () => {
  it("retries a receiver that always answers 500 exactly 3 times, then marks the delivery failed", async () => {
    const { target, eventId } = await publishToReceiver(answer(500, "boom"), "/hook");

    const delivery = await h.waitForStatus(eventId, "failed");
    expect(delivery).toMatchObject({
      attemptCount: 4,
      lastStatusCode: 500,
      lastErrorKind: "http_status",
      nextAttemptAt: null,
    });
    const attempts = await h.store.listAttempts(h.accountId, delivery.id);
    expect(attempts.map((a) => [a.attemptNumber, a.statusCode, a.errorKind, a.responseExcerpt])).toEqual([
      [1, 500, "http_status", "boom"],
      [2, 500, "http_status", "boom"],
      [3, 500, "http_status", "boom"],
      [4, 500, "http_status", "boom"],
    ]);
    expect(target.requests).toHaveLength(4);
    // The retry delays (20, 40, 80 ms) separate the attempts.
    const gaps = attempts
      .slice(1)
      .map((a, i) => a.startedAt - ((attempts[i]?.startedAt ?? 0) + (attempts[i]?.durationMs ?? 0)));
    const delays = [20, 40, 80];
    expect(gaps.every((gap, i) => gap >= (delays[i] ?? 0) - 2)).toBe(true);
  });

  it("increments X-VoiceHire-Attempt across retries while X-VoiceHire-Event-Id stays the same", async () => {
    const { target, eventId } = await publishToReceiver(answer(500));
    await h.waitForStatus(eventId, "failed");
    expect(target.requests.map((r) => r.headers["x-voicehire-attempt"])).toEqual(["1", "2", "3", "4"]);
    expect(new Set(target.requests.map((r) => r.headers["x-voicehire-event-id"]))).toEqual(
      new Set([eventId]),
    );
  });

  it("succeeds on attempt 2 after a 503", async () => {
    let calls = 0;
    const { target, eventId } = await publishToReceiver((_request, response) => {
      calls++;
      response.writeHead(calls === 1 ? 503 : 200).end(calls === 1 ? "busy" : "ok");
    });

    const delivery = await h.waitForStatus(eventId, "succeeded");
    expect(delivery).toMatchObject({
      attemptCount: 2,
      lastStatusCode: 200,
      lastErrorKind: null,
      nextAttemptAt: null,
    });
    const attempts = await h.store.listAttempts(h.accountId, delivery.id);
    expect(attempts.map((a) => [a.attemptNumber, a.statusCode, a.errorKind])).toEqual([
      [1, 503, "http_status"],
      [2, 200, null],
    ]);
    expect(target.requests).toHaveLength(2);
  });

  it("records a refused connection as connection_refused and retries it", async () => {
    const port = await closedLoopbackPort();
    await seedEndpoint(h.store, h.accountId, `http://127.0.0.1:${port}/hook`);
    const { eventId } = await publishEnvelope(h.store, h.accountId);
    h.startWorker();

    const delivery = await h.waitForStatus(eventId, "failed");
    const attempts = await h.store.listAttempts(h.accountId, delivery.id);
    expect(attempts.map((a) => a.errorKind)).toEqual([
      "connection_refused",
      "connection_refused",
      "connection_refused",
      "connection_refused",
    ]);
    expect(attempts.every((a) => a.statusCode === null && a.responseExcerpt === null)).toBe(true);
  });

  it("treats a 301 as a failed attempt and never follows it", async () => {
    const { target, eventId } = await publishToReceiver((request, response) => {
      if (request.path === "/old") response.writeHead(301, { Location: "/new" }).end();
      else response.writeHead(200).end();
    }, "/old");

    const delivery = await h.waitForStatus(eventId, "failed");
    expect(delivery).toMatchObject({ attemptCount: 4, lastStatusCode: 301, lastErrorKind: "http_status" });
    expect(target.requests.map((r) => r.path)).toEqual(["/old", "/old", "/old", "/old"]);
  });

  it("sends the stored body byte for byte with exactly the specified, verifiable headers", async () => {
    const secret = "votre_secret_partage";
    const target = await h.receiver(answer(200));
    await seedEndpoint(h.store, h.accountId, `${target.url}/webhook/voicehire`, {
      secretBox: h.secretBox,
      secret,
    });
    const { eventId, body } = await publishEnvelope(h.store, h.accountId, { job_title: "Développeur 🚀" });
    h.startWorker();
    await h.waitForStatus(eventId, "succeeded");

    const stored = await h.store.getEvent(h.accountId, eventId);
    const [request] = target.requests;
    if (request === undefined || stored === undefined) throw new Error("missing request or event");
    expect(Buffer.compare(request.body, Buffer.from(stored.body))).toBe(0);
    expect(Buffer.compare(request.body, Buffer.from(body))).toBe(0);

    expect(request.method).toBe("POST");
    expect(request.path).toBe("/webhook/voicehire");
    const transport = ["host", "content-length", "connection"];
    expect(request.rawHeaderNames.filter((n) => !transport.includes(n.toLowerCase())).sort()).toEqual(
      SIGNED_HEADER_NAMES,
    );
    const nowSeconds = Math.floor(Date.now() / 1000);
    expect(request.headers).toMatchObject({
      "content-type": "application/json",
      "user-agent": "VoiceHire-Webhooks/0.1.0",
      "x-voicehire-event": "campaign.created",
      "x-voicehire-event-id": eventId,
      "x-voicehire-attempt": "1",
      "x-voicehire-signature": `sha256=${createHmac("sha256", Buffer.from(secret, "utf8")).update(request.body).digest("hex")}`,
      "webhook-id": eventId,
    });
    expect(Math.abs(Number(request.headers["webhook-timestamp"]) - nowSeconds)).toBeLessThanOrEqual(5);
    expect(
      new StandardWebhook(new TextEncoder().encode(secret), { format: "raw" }).verify(
        request.body,
        request.headers,
      ),
    ).toMatchObject({ id: eventId, event: "campaign.created" });

    // Nothing secret or private reached the logs.
    const logged = JSON.stringify(h.logger.lines);
    expect(logged).not.toContain(secret);
    expect(logged).not.toContain(request.headers["x-voicehire-signature"]);
    expect(logged).not.toContain("Développeur");
  });

  it("does not sign for an endpoint without a secret", async () => {
    const { target, eventId } = await publishToReceiver(answer(204));
    await h.waitForStatus(eventId, "succeeded");
    const names = target.requests[0]?.rawHeaderNames.map((n) => n.toLowerCase()) ?? [];
    expect(names).not.toContain("x-voicehire-signature");
    expect(names).not.toContain("webhook-signature");
    expect(names).toContain("x-voicehire-event-id");
  });

  it("delivers over HTTPS to a receiver whose certificate is trusted", async () => {
    const certDir = mkdtempSync(join(tmpdir(), "vh-cert-"));
    try {
      const tls = makeSelfSignedCert(certDir);
      const target = await h.receiver(answer(200, "secure"), tls);
      await seedEndpoint(h.store, h.accountId, `${target.url}/hook`);
      const { eventId } = await publishEnvelope(h.store, h.accountId);
      h.startWorker({}, {}, { ca: tls.cert });
      const delivery = await h.waitForStatus(eventId, "succeeded");
      const [attempt] = await h.store.listAttempts(h.accountId, delivery.id);
      expect(attempt).toMatchObject({ statusCode: 200, responseExcerpt: "secure" });
    } finally {
      rmSync(certDir, { recursive: true, force: true });
    }
  });

  it("records an untrusted certificate as a TLS failure, and retries it", async () => {
    const certDir = mkdtempSync(join(tmpdir(), "vh-cert-"));
    try {
      const target = await h.receiver(answer(200), makeSelfSignedCert(certDir));
      await seedEndpoint(h.store, h.accountId, target.url);
      const { eventId } = await publishEnvelope(h.store, h.accountId);
      h.startWorker();
      const delivery = await h.waitForStatus(eventId, "failed");
      const attempts = await h.store.listAttempts(h.accountId, delivery.id);
      expect(attempts.map((a) => a.errorKind)).toEqual(["tls", "tls", "tls", "tls"]);
      expect(target.requests).toHaveLength(0);
    } finally {
      rmSync(certDir, { recursive: true, force: true });
    }
  });
});
