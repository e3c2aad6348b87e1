import { generateKeyPairSync, type KeyObject, sign } from "node:crypto";
import { eventCatalog } from "@voicehire/webhooks";
import { describe, expect, it } from "vitest";
import { resolveListenSettings } from "../../src/cli/listen/listen-settings.js";
import { inProcessListeners, interviewCompleted, post, SECRET } from "../e2e/support/in-process-listener.js";

/**
 * `listen --public-key whpk_...` verifies the v1a (Ed25519) signatures of an ed25519 endpoint with the
 * SDK. The deliveries here are signed with Node's own Ed25519, independently of the service's signer,
 * the way an ed25519 endpoint's deliveries carry `webhook-signature: v1a,<base64>`.
 */
const apps = inProcessListeners();
const CAMPAIGN_CREATED = JSON.stringify({
  id: "evt_1",
  event: "campaign.created",
  timestamp: "2024-01-15T10:30:00.000Z",
  data: eventCatalog["campaign.created"].sample,
});

function keyPair(): { publicKey: string; privateKey: KeyObject } {
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  const x = publicKey.export({ format: "jwk" }).x ?? "";
  return { publicKey: `whpk_${Buffer.from(x, "base64url").toString("base64")}`, privateKey };
}

/** A delivery as an ed25519 endpoint sends it: Standard Webhooks headers, one v1a entry per key. */
function signedWithEd25519(privateKeys: KeyObject[], body = CAMPAIGN_CREATED) {
  const id = "msg_ed25519_1";
  const timestamp = String(Math.floor(Date.now() / 1000));
  const content = Buffer.from(`${id}.${timestamp}.${body}`);
  const entries = privateKeys.map((key) => `v1a,${sign(null, content, key).toString("base64")}`);
  return {
    body,
    headers: {
      "content-type": "application/json",
      "webhook-id": id,
      "webhook-timestamp": timestamp,
      "webhook-signature": entries.join(" "),
    },
  };
}

describe("listen --public-key", () => {
  it("accepts a v1a signature made with the matching private key, and names the key", async () => {
    const key = keyPair();
    const { listener, printed } = await apps.listen({ publicKey: [key.publicKey] });
    const answer = await post(listener.url, signedWithEd25519([key.privateKey]));
    expect(answer.status).toBe(200);
    expect(printed[0]).toContain("verified");
    expect(printed[0]).toContain(
      `- webhook-signature (Standard Webhooks) is valid with public key ${key.publicKey.slice(0, 13)}…`,
    );
  });

  it("refuses a tampered body and a signature of another key pair", async () => {
    const key = keyPair();
    const other = keyPair();
    const { listener, printed } = await apps.listen({ publicKey: [key.publicKey] });
    const signed = signedWithEd25519([key.privateKey]);
    const tampered = await post(listener.url, { ...signed, body: signed.body.replace("evt_1", "evt_2") });
    expect(tampered.status).toBe(401);
    expect(printed[0]).toContain("NOT VERIFIED: signature_mismatch");
    const foreign = await post(listener.url, signedWithEd25519([other.privateKey]));
    expect(foreign.status).toBe(401);
  });

  it("during a rotation, accepts a delivery signed by the new key with the previous key given second", async () => {
    const previous = keyPair();
    const renewed = keyPair();
    const { listener, printed } = await apps.listen({ publicKey: [renewed.publicKey, previous.publicKey] });
    // The service signs with both during the grace period; a receiver that has only the old key still accepts.
    const answer = await post(listener.url, signedWithEd25519([renewed.privateKey, previous.privateKey]));
    expect(answer.status).toBe(200);
    expect(printed[0]).toContain(`with public key ${renewed.publicKey.slice(0, 13)}…`);
  });

  it("beside a secret: an HMAC-only delivery still verifies, a public key does not break it", async () => {
    const key = keyPair();
    const { listener, printed } = await apps.listen({ secret: [SECRET], publicKey: [key.publicKey] });
    const answer = await post(listener.url, await interviewCompleted(SECRET));
    expect(answer.status).toBe(200);
    expect(printed[0]).toContain("verified");
    expect(printed[0]).not.toContain("does not verify");
  });

  it("with a public key alone, an HMAC delivery is refused: the key cannot check an HMAC", async () => {
    const key = keyPair();
    const { listener, printed } = await apps.listen({ publicKey: [key.publicKey] });
    const answer = await post(listener.url, await interviewCompleted(SECRET));
    expect(answer.status).toBe(401);
    expect(printed[0]).toContain("NOT VERIFIED: signature_mismatch");
  });

  it("refuses a malformed key at start, naming the flag or the variable", () => {
    const refusal = (flags: { publicKey?: string[] }, env: Record<string, string> = {}) => {
      const resolved = resolveListenSettings(flags, env);
      return resolved.ok ? "accepted" : resolved.message;
    };
    expect(refusal({ publicKey: ["whsec_abc"] })).toContain("--public-key must be whpk_");
    expect(refusal({}, { VOICEHIRE_WEBHOOK_PUBLIC_KEY: "whpk_short" })).toContain(
      "VOICEHIRE_WEBHOOK_PUBLIC_KEY must be whpk_",
    );
    const key = keyPair().publicKey;
    expect(resolveListenSettings({}, { VOICEHIRE_WEBHOOK_PUBLIC_KEY: key })).toMatchObject({
      ok: true,
      settings: { publicKeys: [key], secrets: [] },
    });
  });
});
