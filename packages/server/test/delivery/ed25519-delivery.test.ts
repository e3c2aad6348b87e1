import { createHmac, createPublicKey, verify } from "node:crypto";
import { verifySignature } from "@voicehire/webhooks";
import { describe, expect, it } from "vitest";
import type { SigningKey } from "../../src/domain/types.js";
import { newSigningKey } from "../../src/services/endpoints/endpoint-signing-key.js";
import { forEachTest } from "../support/fixture-hooks.js";
import { deliveryHarness, type Harness } from "./support/harness.js";
import { answer, type ReceivedRequest } from "./support/receiver.js";
import { publishEnvelope, seedEndpoint } from "./support/seed.js";

let h: Harness;
forEachTest(deliveryHarness(), (started) => {
  h = started;
});

const SECRET = "hmac-secret-of-the-endpoint";

/** Node's own Ed25519 check of one `v1a,` entry against a `whpk_` public key: no code of ours involved. */
function nodeVerifies(publicKey: string, request: ReceivedRequest, signature: string, body = request.body) {
  const raw = Buffer.from(publicKey.slice("whpk_".length), "base64");
  const key = createPublicKey({
    key: { kty: "OKP", crv: "Ed25519", x: raw.toString("base64url") },
    format: "jwk",
  });
  const content = Buffer.concat([
    Buffer.from(`${request.headers["webhook-id"]}.${request.headers["webhook-timestamp"]}.`),
    body,
  ]);
  expect(signature.startsWith("v1a,")).toBe(true);
  return verify(null, content, key, Buffer.from(signature.slice(4), "base64"));
}

/** One event published to an ed25519 endpoint (with the HMAC secret), delivered by a worker: what it got. */
async function deliveredTo(signingKey: SigningKey, rotateTo?: SigningKey): Promise<ReceivedRequest> {
  const target = await h.receiver(answer(200));
  const endpointId = await seedEndpoint(h.store, h.accountId, `${target.url}/hook`, {
    secretBox: h.secretBox,
    secret: SECRET,
    signingKey,
  });
  if (rotateTo !== undefined) {
    const now = Date.now();
    await h.store.rotateEndpointSigningKey(h.accountId, endpointId, {
      signingKey: rotateTo,
      previousExpiresAt: now + 3_600_000,
      now,
    });
  }
  const { eventId } = await publishEnvelope(h.store, h.accountId);
  h.startWorker();
  await h.waitForStatus(eventId, "succeeded");
  const [request] = target.requests;
  if (request === undefined) throw new Error("the receiver got nothing");
  return request;
}

describe("delivery worker: an ed25519 endpoint", () => {
  it("signs webhook-signature with v1a (Node's Ed25519 and the SDK verify it), X-VoiceHire-Signature stays the HMAC", async () => {
    const key = newSigningKey(h.secretBox);
    const request = await deliveredTo(key);
    const signature = request.headers["webhook-signature"] ?? "";
    expect(signature.split(" ")).toHaveLength(1);
    expect(nodeVerifies(key.publicKey, request, signature)).toBe(true);
    expect(request.headers["x-voicehire-signature"]).toBe(
      `sha256=${createHmac("sha256", SECRET).update(request.body).digest("hex")}`,
    );
    const verified = await verifySignature(request.body, request.headers, { publicKey: key.publicKey });
    expect(verified).toMatchObject({ ok: true, scheme: "standard", secretIndex: 0 });
  });

  it("refuses the delivery when its body is tampered with, with Node's Ed25519 and with the SDK", async () => {
    const key = newSigningKey(h.secretBox);
    const request = await deliveredTo(key);
    const tampered = Buffer.from(request.body.toString("utf8").replace("Full Stack", "Full-Stack"));
    expect(tampered.equals(request.body)).toBe(false);
    expect(nodeVerifies(key.publicKey, request, request.headers["webhook-signature"] ?? "", tampered)).toBe(
      false,
    );
    const verified = await verifySignature(tampered, request.headers, { publicKey: key.publicKey });
    expect(verified.ok ? "accepted" : verified.error.code).toBe("signature_mismatch");
  });

  it("during a rotation's grace period, signs with the new key then the previous one", async () => {
    const previous = newSigningKey(h.secretBox);
    const current = newSigningKey(h.secretBox);
    const request = await deliveredTo(previous, current);
    const signatures = (request.headers["webhook-signature"] ?? "").split(" ");
    expect(signatures).toHaveLength(2);
    expect(nodeVerifies(current.publicKey, request, signatures[0] ?? "")).toBe(true);
    expect(nodeVerifies(previous.publicKey, request, signatures[1] ?? "")).toBe(true);
    expect(nodeVerifies(current.publicKey, request, signatures[1] ?? "")).toBe(false);
    for (const key of [previous, current]) {
      const verified = await verifySignature(request.body, request.headers, { publicKey: key.publicKey });
      expect(verified.ok).toBe(true);
    }
  });
});
