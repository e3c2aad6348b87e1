import { describe, expect, it } from "vitest";
import { inProcessListeners, interviewCompleted, post, SECRET } from "./support/in-process-listener.js";

/**
 * The `listen` receiver in-process, over real loopback HTTP: what it answers and what it prints.
 * (listen-forwarding.test.ts: what it forwards; listen-cli.test.ts runs the built command against a
 * real server.)
 */
const { listen } = inProcessListeners();

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
