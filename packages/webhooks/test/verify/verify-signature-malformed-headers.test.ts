import { signVoiceHire, verifySignature } from "@voicehire/webhooks";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { campaignCreatedDelivery, now, SECRET } from "../support/deliveries.js";
import { codeOf, voicehire } from "../support/verification-code.js";

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
