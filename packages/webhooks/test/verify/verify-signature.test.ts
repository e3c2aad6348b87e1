import {
  signStandardWebhooks,
  signVoiceHire,
  verifySignature,
  WebhookVerificationError,
} from "@voicehire/webhooks";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { campaignCreatedDelivery, NOW_MS, now, SECRET, without } from "../support/deliveries.js";

const codeOf = (result: Awaited<ReturnType<typeof verifySignature>>) =>
  result.ok ? "ok" : result.error.code;
const voicehire = { scheme: "voicehire", now } as const;

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

describe("verifySignature: malformed headers are errors, never exceptions", () => {
  it("rejects malformed, truncated, non-hex and repeated X-VoiceHire-Signature values", async () => {
    const { body, headers } = await campaignCreatedDelivery();
    const good = headers["x-voicehire-signature"] as string;
    const hex = good.slice("sha256=".length);
    const malformed = [
      "",
      "sha256=",
      good.slice(0, 40),
      `sha256=${"z".repeat(64)}`,
      `sha1=${hex}`,
      hex,
      `${good}00`,
      `${good}, ${good}`,
      `sha256=${hex.slice(0, 63)}g`,
    ];
    for (const value of malformed) {
      const result = await verifySignature(body, { "x-voicehire-signature": value }, SECRET, voicehire);
      expect(codeOf(result), JSON.stringify(value)).toBe("malformed_signature");
      expect(result.ok ? 0 : result.error.status).toBe(400);
    }
    const repeated = await verifySignature(
      body,
      { "X-VoiceHire-Signature": good, "x-voicehire-signature": good },
      SECRET,
      voicehire,
    );
    expect(codeOf(repeated)).toBe("malformed_signature");
    expect(
      codeOf(await verifySignature(body, { "x-voicehire-signature": [good, good] }, SECRET, voicehire)),
    ).toBe("malformed_signature");
    expect(codeOf(await verifySignature(body, { "x-voicehire-signature": [good] }, SECRET, voicehire))).toBe(
      "ok",
    );
    expect(
      codeOf(
        await verifySignature(
          body,
          { "x-voicehire-signature": `sha256=${hex.toUpperCase()}` },
          SECRET,
          voicehire,
        ),
      ),
    ).toBe("ok");
    expect(
      codeOf(await verifySignature(body, { "x-voicehire-signature": `  ${good} ` }, SECRET, voicehire)),
    ).toBe("ok");
  });

  it("rejects malformed Standard Webhooks headers", async () => {
    const { body, headers } = await campaignCreatedDelivery();
    const good = headers["webhook-signature"] as string;
    const cases: Record<string, string | string[]>[] = [
      { "webhook-timestamp": "1e9" },
      { "webhook-timestamp": "-1705314600" },
      { "webhook-timestamp": "1705314600.5" },
      { "webhook-timestamp": "" },
      { "webhook-id": "" },
      { "webhook-id": ["evt_1", "evt_2"] },
      { "webhook-signature": "v1,not*base64" },
      { "webhook-signature": "v2,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=" },
      { "webhook-signature": good.slice(0, 20) },
      { "webhook-signature": "v1," },
      { "webhook-signature": "   " },
      { "webhook-signature": "v1,YWJj" },
      { "webhook-signature": Array.from({ length: 17 }, () => good).join(" ") },
    ];
    for (const override of cases) {
      const result = await verifySignature(body, { ...headers, ...override }, SECRET, { now });
      expect(codeOf(result), JSON.stringify(override)).toBe("malformed_signature");
    }
  });

  it("accepts a Standard signature list however it was joined (spaces, a repeated header, a Headers join)", async () => {
    const { body, headers } = await campaignCreatedDelivery();
    const good = headers["webhook-signature"] as string;
    const variants: (string | string[])[] = [
      `v1a,whatever v1,${"A".repeat(43)}= ${good}`,
      ["v1,bm9wZQ==", good],
      `v1,bm9wZQ==, ${good}`,
      `  ${good}  `,
    ];
    for (const value of variants) {
      expect(
        codeOf(await verifySignature(body, { ...headers, "webhook-signature": value }, SECRET, { now })),
        String(value),
      ).toBe("ok");
    }
    const webHeaders = new Headers(headers);
    webHeaders.append("webhook-signature", "v1,bm9wZQ==");
    expect(codeOf(await verifySignature(body, webHeaders, SECRET, { now }))).toBe("ok");
  });

  it("reads Web Headers and records with any key case", async () => {
    const { body, headers } = await campaignCreatedDelivery();
    const shouted = Object.fromEntries(
      Object.entries(headers).map(([name, value]) => [name.toUpperCase(), value]),
    );
    expect(codeOf(await verifySignature(body, shouted, SECRET, { now }))).toBe("ok");
    expect(codeOf(await verifySignature(body, new Headers(headers), SECRET, { now }))).toBe("ok");
    expect(codeOf(await verifySignature(body, new Headers(headers), SECRET, voicehire))).toBe("ok");
  });

  it("returns invalid_secret (500) for missing or empty secrets instead of throwing", async () => {
    const { body, headers } = await campaignCreatedDelivery();
    for (const secrets of ["", [], [""], [SECRET, ""], new Uint8Array(0), [42 as unknown as string]]) {
      const result = await verifySignature(body, headers, secrets, { now });
      expect(result.ok ? 0 : result.error.status, JSON.stringify(secrets)).toBe(500);
      expect(codeOf(result)).toBe("invalid_secret");
    }
    await expect(signVoiceHire(body, "")).rejects.toMatchObject({ code: "invalid_secret" });
  });

  it("never throws, whatever the headers hold", async () => {
    const names = [
      "x-voicehire-signature",
      "X-VoiceHire-Signature",
      "webhook-id",
      "webhook-timestamp",
      "webhook-signature",
      "other",
    ];
    const value = fc.oneof(
      fc.string({ maxLength: 80 }),
      fc.array(fc.string({ maxLength: 60 }), { maxLength: 3 }),
      fc.constantFrom(
        "sha256=",
        "v1,",
        "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
        "1705314600",
        undefined,
      ),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(fc.constantFrom(...names), value),
        fc.constantFrom("standard", "voicehire", "any") as fc.Arbitrary<"standard" | "voicehire" | "any">,
        fc.uint8Array({ maxLength: 40 }),
        async (headers, scheme, body) => {
          const result = await verifySignature(body, headers as Record<string, string>, SECRET, {
            scheme,
            now,
          });
          expect(result.ok).toBe(false);
        },
      ),
      { numRuns: 200 },
    );
    for (const headers of [null, undefined, 42, "x-voicehire-signature: sha256=00", []]) {
      expect(codeOf(await verifySignature("{}", headers as never, SECRET, voicehire))).toBe(
        "missing_signature",
      );
    }
  });
});
