import {
  signStandardWebhooks,
  signVoiceHire,
  verifySignature,
  WebhookVerificationError,
} from "@voicehire/webhooks";
import { describe, expect, it } from "vitest";
import { campaignCreatedDelivery, NOW_MS, now, SECRET, without } from "../support/deliveries.js";
import { codeOf, voicehire } from "../support/verification-code.js";

describe("verifySignature: real deliveries", () => {
  it("accepts an untouched delivery under either scheme", async () => {
    const { body, headers } = await campaignCreatedDelivery();
    expect(await verifySignature(body, headers, SECRET, { now })).toEqual({
      ok: true,
      scheme: "standard",
      secretIndex: 0,
    });
    expect(await verifySignature(body, headers, SECRET, voicehire)).toEqual({
      ok: true,
      scheme: "voicehire",
      secretIndex: 0,
    });
  });

  it("rejects a tampered body (one character changed) under both schemes", async () => {
    const { body, headers } = await campaignCreatedDelivery();
    const tampered = body.replace('"questions_count":6', '"questions_count":7');
    expect(tampered).not.toBe(body);
    expect(codeOf(await verifySignature(tampered, headers, SECRET, { now }))).toBe("signature_mismatch");
    expect(codeOf(await verifySignature(tampered, headers, SECRET, voicehire))).toBe("signature_mismatch");
  });

  it("rejects the wrong secret, with a 401 error naming no secret", async () => {
    const { body, headers } = await campaignCreatedDelivery();
    const result = await verifySignature(body, headers, "another_secret", { now });
    if (result.ok) throw new Error("expected a failure");
    expect(result.error).toBeInstanceOf(WebhookVerificationError);
    expect(result.error).toMatchObject({ code: "signature_mismatch", status: 401 });
    expect(result.error.message).toMatch(/^@voicehire\/webhooks: /);
    expect(result.error.message).not.toContain("another_secret");
  });

  it("accepts deliveries during a secret rotation, whichever secret the receiver still has", async () => {
    const rotating = await campaignCreatedDelivery({ secrets: ["new_secret", "old_secret"] });
    const { body, headers } = rotating;
    expect(headers["webhook-signature"]?.split(" ")).toHaveLength(2);
    expect(await verifySignature(body, headers, "old_secret", { now })).toMatchObject({
      ok: true,
      secretIndex: 0,
    });
    expect(await verifySignature(body, headers, ["new_secret"], { now })).toMatchObject({
      ok: true,
      secretIndex: 0,
    });
    expect(await verifySignature(body, headers, ["unknown", "old_secret"], { now })).toMatchObject({
      ok: true,
      secretIndex: 1,
    });
    expect(codeOf(await verifySignature(body, headers, ["unknown", "other"], { now }))).toBe(
      "signature_mismatch",
    );
    // X-VoiceHire-Signature carries the newest secret's signature only.
    expect(await verifySignature(body, headers, ["old_secret", "new_secret"], voicehire)).toMatchObject({
      ok: true,
      secretIndex: 1,
    });
    expect(codeOf(await verifySignature(body, headers, "old_secret", voicehire))).toBe("signature_mismatch");
  });

  it("enforces the timestamp tolerance both ways (default 5 minutes, configurable)", async () => {
    const { body, headers } = await campaignCreatedDelivery();
    const at = (offsetSeconds: number) => () => NOW_MS + offsetSeconds * 1000;
    expect(codeOf(await verifySignature(body, headers, SECRET, { now: at(300) }))).toBe("ok");
    expect(codeOf(await verifySignature(body, headers, SECRET, { now: at(301) }))).toBe("timestamp_too_old");
    expect(codeOf(await verifySignature(body, headers, SECRET, { now: at(-300) }))).toBe("ok");
    expect(codeOf(await verifySignature(body, headers, SECRET, { now: at(-301) }))).toBe("timestamp_too_new");
    expect(codeOf(await verifySignature(body, headers, SECRET, { now: at(61), toleranceSeconds: 60 }))).toBe(
      "timestamp_too_old",
    );
    // A replay re-stamped with a fresh timestamp no longer matches its signature.
    const restamped = { ...headers, "webhook-timestamp": String(NOW_MS / 1000 + 3600) };
    expect(codeOf(await verifySignature(body, restamped, SECRET, { now: at(3600) }))).toBe(
      "signature_mismatch",
    );
  });

  it("checks the exact bytes: a body whose JSON re-serialization differs verifies only as sent", async () => {
    const body = '{"a":1.0,"b":"\\u00e9"}';
    const reserialized = JSON.stringify(JSON.parse(body));
    expect(reserialized).toBe('{"a":1,"b":"é"}');
    const headers = {
      "x-voicehire-signature": await signVoiceHire(body, SECRET),
      "webhook-id": "evt_1",
      "webhook-timestamp": String(NOW_MS / 1000),
      "webhook-signature": await signStandardWebhooks({
        id: "evt_1",
        timestamp: NOW_MS / 1000,
        body,
        secrets: SECRET,
      }),
    };
    expect(codeOf(await verifySignature(body, headers, SECRET, { now }))).toBe("ok");
    expect(
      codeOf(await verifySignature(new TextEncoder().encode(body).buffer, headers, SECRET, voicehire)),
    ).toBe("ok");
    expect(codeOf(await verifySignature(reserialized, headers, SECRET, { now }))).toBe("signature_mismatch");
    expect(codeOf(await verifySignature(reserialized, headers, SECRET, voicehire))).toBe(
      "signature_mismatch",
    );
  });

  it("signs and verifies bytes that are not UTF-8 without decoding them", async () => {
    const body = new Uint8Array([0xff, 0xfe, 0x00, 0x80]);
    const headers = { "x-voicehire-signature": await signVoiceHire(body, SECRET) };
    expect(codeOf(await verifySignature(body, headers, SECRET, voicehire))).toBe("ok");
    expect(
      codeOf(await verifySignature(new Uint8Array([0xff, 0xfe, 0x00, 0x81]), headers, SECRET, voicehire)),
    ).toBe("signature_mismatch");
  });
});

describe("verifySignature: schemes", () => {
  it("requires the Standard Webhooks headers by default, and says how to accept X-VoiceHire-Signature alone", async () => {
    const { body, headers } = await campaignCreatedDelivery();
    const docOnly = without(headers, "webhook-id", "webhook-timestamp", "webhook-signature");
    const result = await verifySignature(body, docOnly, SECRET, { now });
    if (result.ok) throw new Error("expected a failure");
    expect(result.error.code).toBe("missing_signature");
    expect(result.error.message).toContain('{ scheme: "voicehire" }');
    expect(result.error.message).toContain("only X-VoiceHire-Signature is");
    const none = await verifySignature(body, {}, SECRET, { now });
    expect(none.ok ? "" : none.error.message).not.toContain("only X-VoiceHire-Signature");
    expect(await verifySignature(body, docOnly, SECRET, { scheme: "any", now })).toMatchObject({
      ok: true,
      scheme: "voicehire",
    });
  });

  it("with scheme any, never falls back to X-VoiceHire-Signature when Standard headers are present", async () => {
    const { body, headers } = await campaignCreatedDelivery();
    const later = () => NOW_MS + 3600_000;
    expect(codeOf(await verifySignature(body, headers, SECRET, { scheme: "any", now: later }))).toBe(
      "timestamp_too_old",
    );
    expect(await verifySignature(body, headers, SECRET, { scheme: "any", now })).toMatchObject({
      ok: true,
      scheme: "standard",
    });
    expect(await verifySignature(body, headers, SECRET, { scheme: "voicehire", now: later })).toMatchObject({
      ok: true,
    });
  });

  it("names the missing Standard header when only some are present", async () => {
    const { body, headers } = await campaignCreatedDelivery();
    for (const name of ["webhook-id", "webhook-timestamp", "webhook-signature"]) {
      const result = await verifySignature(body, without(headers, name), SECRET, { now });
      expect(result.ok ? "" : result.error.message, name).toContain(`the ${name} header is missing`);
      expect(codeOf(result)).toBe("missing_signature");
    }
  });
});
