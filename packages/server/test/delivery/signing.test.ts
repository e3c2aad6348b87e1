import { createHmac, timingSafeEqual } from "node:crypto";
import { readFileSync } from "node:fs";
import { Webhook as StandardWebhook } from "standardwebhooks";
import { Webhook as SvixWebhook } from "svix";
import { describe, expect, it } from "vitest";
import {
  deliveryHeaders,
  hmacKeyOf,
  standardWebhookSignature,
  voiceHireSignature,
} from "../../src/delivery/signing.js";
import { SIGNED_HEADER_NAMES } from "./support/signed-header-names.js";

interface Vectors {
  voicehire: { description: string; secret: string; body: string; signature: string }[];
  standard: {
    description: string;
    secret: string;
    secretFormat: "raw" | "whsec";
    id: string;
    timestamp: number;
    body: string;
    signature: string;
  }[];
}

const vectors = JSON.parse(
  readFileSync(new URL("../../../webhooks/vectors/signatures.json", import.meta.url), "utf8"),
) as Vectors;

const utf8 = (text: string) => new TextEncoder().encode(text);
const body = utf8(
  '{"id":"evt_01JHGW7Q9Z8X4M2N6P0R3S5T7V","event":"campaign.created","timestamp":"2024-01-15T10:30:00.000Z","data":{"job_title":"Développeur Full Stack"}}',
);
const base = {
  eventId: "evt_01JHGW7Q9Z8X4M2N6P0R3S5T7V",
  eventType: "campaign.created",
  attemptNumber: 2,
  body,
  nowSeconds: Math.floor(Date.now() / 1000),
  test: false,
  userAgent: "VoiceHire-Webhooks/0.1.0",
};

/** The source doc's Python `verify_webhook`, line for line. */
function pythonDocReceiverAccepts(
  headers: Record<string, string>,
  payload: Uint8Array,
  secret: string,
): boolean {
  const signature = headers["X-VoiceHire-Signature"];
  if (!signature) return false;
  const expectedSig = signature.split("=")[1] ?? "";
  const calculatedSig = createHmac("sha256", Buffer.from(secret, "utf8")).update(payload).digest("hex");
  return (
    expectedSig.length === calculatedSig.length &&
    timingSafeEqual(Buffer.from(expectedSig), Buffer.from(calculatedSig))
  );
}

describe("X-VoiceHire-Signature", () => {
  it("matches GitHub's published example", () => {
    expect(voiceHireSignature("It's a Secret to Everybody", utf8("Hello, World!"))).toBe(
      "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
    );
  });

  it.each(vectors.voicehire.map((v) => [v.description, v] as const))(
    "matches the vector: %s",
    (_, vector) => {
      expect(voiceHireSignature(vector.secret, utf8(vector.body))).toBe(vector.signature);
    },
  );
});

describe("Standard Webhooks signature", () => {
  const raw = vectors.standard.filter((v) => v.secretFormat === "raw");

  it("has raw-key vectors to check", () => {
    expect(raw.length).toBeGreaterThan(0);
  });

  it.each(raw.map((v) => [v.description, v] as const))("matches the vector: %s", (_, vector) => {
    const signature = standardWebhookSignature(vector.secret, vector.id, vector.timestamp, utf8(vector.body));
    expect(vector.signature.split(" ")).toContain(signature);
  });
});

describe("deliveryHeaders", () => {
  it("without a secret: exactly the unsigned headers", () => {
    expect(deliveryHeaders({ ...base, secrets: [] })).toEqual({
      "Content-Type": "application/json",
      "User-Agent": "VoiceHire-Webhooks/0.1.0",
      "X-VoiceHire-Event": "campaign.created",
      "X-VoiceHire-Event-Id": "evt_01JHGW7Q9Z8X4M2N6P0R3S5T7V",
      "X-VoiceHire-Attempt": "2",
    });
  });

  it("with a secret: both signatures, the Standard Webhooks id and timestamp", () => {
    const headers = deliveryHeaders({ ...base, secrets: ["votre_secret_partage"] });
    expect(Object.keys(headers).sort()).toEqual(SIGNED_HEADER_NAMES);
    expect(headers["X-VoiceHire-Signature"]).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(headers["webhook-id"]).toBe(base.eventId);
    expect(headers["webhook-timestamp"]).toBe(String(base.nowSeconds));
    expect(headers["webhook-signature"]).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
  });

  it("is accepted by the source doc's Python receiver logic, and a wrong secret is not", () => {
    const headers = deliveryHeaders({ ...base, secrets: ["votre_secret_partage"] });
    expect(pythonDocReceiverAccepts(headers, body, "votre_secret_partage")).toBe(true);
    expect(pythonDocReceiverAccepts(headers, body, "another_secret")).toBe(false);
    expect(pythonDocReceiverAccepts(headers, utf8("{}"), "votre_secret_partage")).toBe(false);
  });

  it("is accepted by the standardwebhooks and svix libraries with the raw UTF-8 key", () => {
    const secret = "sécret-partagé-🔑";
    const headers = deliveryHeaders({ ...base, secrets: [secret] });
    const key = new TextEncoder().encode(secret);
    const payload = Buffer.from(body);
    expect(new StandardWebhook(key, { format: "raw" }).verify(payload, headers)).toMatchObject({
      id: base.eventId,
    });
    expect(new SvixWebhook(key, { format: "raw" }).verify(payload, headers)).toMatchObject({
      id: base.eventId,
    });
    expect(() => new StandardWebhook(utf8("wrong"), { format: "raw" }).verify(payload, headers)).toThrow();
  });

  it("during a rotation signs Standard Webhooks with every secret and X-VoiceHire-Signature with the newest", () => {
    const headers = deliveryHeaders({ ...base, secrets: ["new_secret", "old_secret"] });
    expect(headers["X-VoiceHire-Signature"]).toBe(voiceHireSignature("new_secret", body));
    expect(headers["webhook-signature"]?.split(" ")).toHaveLength(2);
    const payload = Buffer.from(body);
    for (const secret of ["new_secret", "old_secret"]) {
      expect(new StandardWebhook(utf8(secret), { format: "raw" }).verify(payload, headers)).toMatchObject({
        event: "campaign.created",
      });
    }
  });

  it("marks test deliveries", () => {
    expect(deliveryHeaders({ ...base, secrets: [], test: true })["X-VoiceHire-Test"]).toBe("true");
    expect(deliveryHeaders({ ...base, secrets: [], test: false })).not.toHaveProperty("X-VoiceHire-Test");
  });

  it("signs the exact bytes, not a re-serialization", () => {
    const spaced = utf8('{ "a" : 1.0 }');
    const headers = deliveryHeaders({ ...base, body: spaced, secrets: ["s"] });
    expect(headers["X-VoiceHire-Signature"]).toBe(
      `sha256=${createHmac("sha256", "s").update(spaced).digest("hex")}`,
    );
    expect(headers["X-VoiceHire-Signature"]).not.toBe(voiceHireSignature("s", utf8('{"a":1}')));
  });

  it("signs the same with a secret's key made once (hmacKeyOf) as with its text, vectors included", () => {
    for (const vector of vectors.voicehire) {
      expect(voiceHireSignature(hmacKeyOf(vector.secret), utf8(vector.body))).toBe(vector.signature);
    }
    for (const secret of ["sécret-partagé-🔑", "votre_secret_partage", "new_secret"]) {
      const fromText = deliveryHeaders({ ...base, secrets: [secret, "old_secret"] });
      const fromKeys = deliveryHeaders({ ...base, secrets: [hmacKeyOf(secret), hmacKeyOf("old_secret")] });
      expect(fromKeys).toEqual(fromText);
    }
  });
});
