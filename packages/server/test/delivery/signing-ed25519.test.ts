import { createHmac, generateKeyPairSync, verify } from "node:crypto";
import { describe, expect, it } from "vitest";
import { deliveryHeaders } from "../../src/delivery/signing.js";

const body = new TextEncoder().encode(
  '{"id":"evt_01JHGW7Q9Z8X4M2N6P0R3S5T7V","event":"campaign.created","timestamp":"2024-01-15T10:30:00.000Z","data":{}}',
);
const base = {
  eventId: "evt_01JHGW7Q9Z8X4M2N6P0R3S5T7V",
  eventType: "campaign.created",
  attemptNumber: 1,
  body,
  nowSeconds: 1_705_314_600,
  test: false,
  userAgent: "VoiceHire-Webhooks/0.1.0",
};
const content = Buffer.concat([Buffer.from(`${base.eventId}.${base.nowSeconds}.`), body]);
const hmacHex = (secret: string) => createHmac("sha256", secret).update(body).digest("hex");
const hmacBase64 = (secret: string) => createHmac("sha256", secret).update(content).digest("base64");

describe("deliveryHeaders: signature schemes", () => {
  it("an hmac endpoint's headers are exactly today's, with or without an empty key list", () => {
    const secrets = ["new-secret-value", "old-secret-value"];
    const expected = {
      "Content-Type": "application/json",
      "User-Agent": "VoiceHire-Webhooks/0.1.0",
      "X-VoiceHire-Event": "campaign.created",
      "X-VoiceHire-Event-Id": base.eventId,
      "X-VoiceHire-Attempt": "1",
      "X-VoiceHire-Signature": `sha256=${hmacHex("new-secret-value")}`,
      "webhook-id": base.eventId,
      "webhook-timestamp": String(base.nowSeconds),
      "webhook-signature": `v1,${hmacBase64("new-secret-value")} v1,${hmacBase64("old-secret-value")}`,
    };
    const plain = deliveryHeaders({ ...base, secrets });
    expect(JSON.stringify(plain)).toBe(JSON.stringify(expected));
    expect(JSON.stringify(deliveryHeaders({ ...base, secrets, signingKeys: [] }))).toBe(
      JSON.stringify(expected),
    );
  });

  it("an ed25519 endpoint: v1a entries only, one per key, X-VoiceHire-Signature the HMAC of its secret", () => {
    const current = generateKeyPairSync("ed25519");
    const previous = generateKeyPairSync("ed25519");
    const headers = deliveryHeaders({
      ...base,
      secrets: ["the-hmac-secret"],
      signingKeys: [current.privateKey, previous.privateKey],
    });
    expect(headers["X-VoiceHire-Signature"]).toBe(`sha256=${hmacHex("the-hmac-secret")}`);
    const entries = (headers["webhook-signature"] ?? "").split(" ");
    expect(entries.map((entry) => entry.slice(0, 4))).toEqual(["v1a,", "v1a,"]);
    const signatureOf = (entry: string | undefined) => Buffer.from((entry ?? "").slice(4), "base64");
    expect(verify(null, content, current.publicKey, signatureOf(entries[0]))).toBe(true);
    expect(verify(null, content, previous.publicKey, signatureOf(entries[1]))).toBe(true);
    expect(
      verify(null, Buffer.concat([content, Buffer.from(" ")]), current.publicKey, signatureOf(entries[0])),
    ).toBe(false);
  });

  it("an ed25519 endpoint without a secret: no X-VoiceHire-Signature, the Standard Webhooks headers still", () => {
    const { privateKey } = generateKeyPairSync("ed25519");
    const headers = deliveryHeaders({ ...base, secrets: [], signingKeys: [privateKey] });
    expect(headers["X-VoiceHire-Signature"]).toBeUndefined();
    expect(headers).toMatchObject({
      "webhook-id": base.eventId,
      "webhook-timestamp": String(base.nowSeconds),
      "webhook-signature": expect.stringMatching(/^v1a,[A-Za-z0-9+/]{86}==$/),
    });
  });
});
