import { generateKeyPairSync, type KeyObject, sign } from "node:crypto";
import {
  constructEvent,
  createWebhookHandler,
  eventCatalog,
  signStandardWebhooks,
  verifySignature,
} from "@voicehire/webhooks";
import { describe, expect, it } from "vitest";
import { importSigningKeys } from "../../src/signing/secrets.js";
import { NOW_MS, now, SECRET } from "../support/deliveries.js";

/** A key pair as an `ed25519` endpoint holds it, and its public key as the API shows it. */
function keyPair(): { privateKey: KeyObject; whpk: { publicKey: string } } {
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  const raw = Buffer.from(publicKey.export({ format: "jwk" }).x as string, "base64url");
  return { privateKey, whpk: { publicKey: `whpk_${raw.toString("base64")}` } };
}

const ID = "evt_01JHGW7Q9Z8X4M2N6P0R3S5T7V";
const TIMESTAMP = NOW_MS / 1000;
const body = JSON.stringify({
  id: ID,
  event: "campaign.created",
  timestamp: "2024-01-15T10:30:00.000Z",
  data: eventCatalog["campaign.created"].sample,
});

/** A v1a signature made with Node's own Ed25519, over Standard Webhooks' `id.timestamp.body`. */
function v1a(privateKey: KeyObject, signedBody = body): string {
  return `v1a,${sign(null, Buffer.from(`${ID}.${TIMESTAMP}.${signedBody}`), privateKey).toString("base64")}`;
}

function headersWith(signature: string) {
  return { "webhook-id": ID, "webhook-timestamp": String(TIMESTAMP), "webhook-signature": signature };
}

describe("verifySignature with an ed25519 endpoint's public key", () => {
  const current = keyPair();
  const previous = keyPair();

  it("accepts a v1a signature from the public key alone", async () => {
    const verified = await verifySignature(body, headersWith(v1a(current.privateKey)), current.whpk, { now });
    expect(verified).toEqual({ ok: true, scheme: "standard", secretIndex: 0 });
  });

  it("during a rotation, a receiver holding either key accepts the two-signature header", async () => {
    const header = headersWith(`${v1a(current.privateKey)} ${v1a(previous.privateKey)}`);
    expect(await verifySignature(body, header, previous.whpk, { now })).toMatchObject({ ok: true });
    expect(await verifySignature(body, header, [previous.whpk, current.whpk], { now })).toEqual({
      ok: true,
      scheme: "standard",
      secretIndex: 0,
    });
  });

  it("refuses a tampered body, another key's signature, and a v1a checked with a secret", async () => {
    const header = headersWith(v1a(current.privateKey));
    const tampered = body.replace("Développeur", "Developpeur");
    for (const [checkedBody, keys] of [
      [tampered, current.whpk],
      [body, previous.whpk],
      [body, SECRET],
    ] as const) {
      const verified = await verifySignature(checkedBody, header, keys, { now });
      expect(verified.ok ? "accepted" : verified.error.code).toBe("signature_mismatch");
    }
  });

  it("takes secrets and public keys mixed, each checking its own kind of signature", async () => {
    const hmac = await signStandardWebhooks({ id: ID, timestamp: TIMESTAMP, body, secrets: SECRET });
    const header = headersWith(`${hmac} ${v1a(current.privateKey)}`);
    expect(await verifySignature(body, header, [SECRET, current.whpk], { now })).toMatchObject({
      ok: true,
      secretIndex: 0,
    });
    expect(await verifySignature(body, header, ["not-the-secret", current.whpk], { now })).toMatchObject({
      ok: true,
      secretIndex: 1,
    });
  });

  it("a public key never matches X-VoiceHire-Signature, an HMAC of the secret", async () => {
    const verified = await verifySignature(
      body,
      { "x-voicehire-signature": `sha256=${"0".repeat(64)}` },
      current.whpk,
      {
        scheme: "voicehire",
      },
    );
    expect(verified.ok ? "accepted" : verified.error.code).toBe("signature_mismatch");
  });

  it("ignores v1a entries that are not 64 bytes, and names both versions when none is usable", async () => {
    const verified = await verifySignature(body, headersWith("v1a,AAAA v2,AAAA"), current.whpk, { now });
    expect(verified.ok ? "accepted" : verified.error).toMatchObject({
      code: "malformed_signature",
      message: expect.stringContaining("v1a,<base64 of 64 bytes>"),
    });
  });

  it.each([
    ["no prefix", { publicKey: "AAAA" }],
    ["not base64", { publicKey: "whpk_***" }],
    ["16 bytes", { publicKey: `whpk_${Buffer.alloc(16).toString("base64")}` }],
    ["not a string", { publicKey: 42 }],
  ])("refuses a malformed public key (%s), naming the expected form", async (_, key) => {
    const verified = await verifySignature(body, headersWith(v1a(current.privateKey)), key as never, { now });
    expect(verified.ok ? "accepted" : verified.error).toMatchObject({
      code: "invalid_secret",
      message: expect.stringContaining("whpk_"),
    });
  });

  it("signing refuses a public key: it verifies, it cannot sign", async () => {
    const imported = await importSigningKeys(current.whpk as never);
    expect(imported.ok ? "imported" : imported.error.code).toBe("invalid_secret");
  });

  it("constructEvent and the typed handler take the public key like a secret", async () => {
    const headers = headersWith(v1a(current.privateKey));
    expect((await constructEvent(body, headers, current.whpk, { now })).id).toBe(ID);
    const seen: string[] = [];
    const webhooks = createWebhookHandler({ secrets: current.whpk, now }).on("campaign.created", (event) => {
      seen.push(event.id);
    });
    expect((await webhooks.handle(body, headers)).outcome).toBe("processed");
    expect(seen).toEqual([ID]);
  });
});
