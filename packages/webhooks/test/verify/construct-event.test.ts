import {
  constructEvent,
  eventCatalog,
  isWebhookVerificationError,
  signStandardWebhooks,
  signVoiceHire,
  type VoiceHireEvent,
  verifyWebhook,
  WEBHOOK_ERROR_CODES,
  WebhookVerificationError,
} from "@voicehire/webhooks";
import { describe, expect, it } from "vitest";
import { campaignCreatedDelivery, NOW_MS, now, SECRET } from "../support/deliveries.js";

/** Signs any body (even a non-envelope) with both schemes at NOW_MS. */
async function signed(body: string | Uint8Array) {
  const timestamp = NOW_MS / 1000;
  return {
    body,
    headers: {
      "x-voicehire-signature": await signVoiceHire(body, SECRET),
      "webhook-id": "evt_x",
      "webhook-timestamp": String(timestamp),
      "webhook-signature": await signStandardWebhooks({ id: "evt_x", timestamp, body, secrets: SECRET }),
    },
  };
}

async function errorOf(body: string | Uint8Array, options: { validateData?: boolean } = {}) {
  const request = await signed(body);
  const result = await verifyWebhook(request.body, request.headers, SECRET, { now, ...options });
  if (result.ok) throw new Error("expected a failure");
  return result.error;
}

describe("constructEvent / verifyWebhook", () => {
  it("returns the typed envelope, narrowed by its event name", async () => {
    const { body, headers } = await campaignCreatedDelivery({ test: true });
    const event: VoiceHireEvent = await constructEvent(body, headers, SECRET, { now });
    expect(event).toEqual({
      id: "evt_01JHGW7Q9Z8X4M2N6P0R3S5T7V",
      event: "campaign.created",
      timestamp: "2024-01-15T10:30:00.000Z",
      test: true,
      data: eventCatalog["campaign.created"].sample,
    });
    const questions = event.event === "campaign.created" ? event.data.questions_count : -1;
    expect(questions).toBe(6);
    expect(await verifyWebhook(body, headers, SECRET, { now })).toMatchObject({
      ok: true,
      scheme: "standard",
      secretIndex: 0,
    });
  });

  it("rejects with a WebhookVerificationError carrying a stable code, and with nothing else", async () => {
    const { body, headers } = await campaignCreatedDelivery();
    const error = await constructEvent(`${body} `, headers, SECRET, { now }).catch(
      (caught: unknown) => caught,
    );
    expect(isWebhookVerificationError(error)).toBe(true);
    expect(error).toMatchObject({
      name: "WebhookVerificationError",
      code: "signature_mismatch",
      status: 401,
    });
    expect(isWebhookVerificationError(new Error("x"))).toBe(false);
    expect(WEBHOOK_ERROR_CODES).toContain("signature_mismatch");
    await expect(verifyWebhook(body, headers, [], { now })).resolves.toMatchObject({
      ok: false,
      error: { code: "invalid_secret" },
    });
  });

  it("never parses an unverified body", async () => {
    const { headers } = await campaignCreatedDelivery();
    const error = await constructEvent("not json at all", headers, SECRET, { now }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toMatchObject({ code: "signature_mismatch" });
  });

  it("rejects a signed body that is not UTF-8 JSON", async () => {
    expect(await errorOf("{not json")).toMatchObject({ code: "invalid_body", status: 400 });
    expect(await errorOf(new Uint8Array([0x7b, 0xff, 0x7d]))).toMatchObject({ code: "invalid_body" });
  });

  it("rejects a signed body that is not an envelope, listing every problem", async () => {
    const error = await errorOf('{"event":"campaign.created","timestamp":"yesterday","data":[]}');
    expect(error.code).toBe("invalid_envelope");
    expect(error.issues).toEqual([
      { path: "id", message: "is required" },
      { path: "timestamp", message: "must be a date-time (RFC 3339, e.g. 2024-01-15T10:30:00Z)" },
      { path: "data", message: "must be an object" },
    ]);
    expect(error.message).toContain("id is required");
    expect((await errorOf("[1]")).message).toContain("body must be an object");
    const falseTest =
      '{"id":"e","event":"credits.low","timestamp":"2024-01-15T10:00:00Z","test":false,"data":{}}';
    expect((await errorOf(falseTest)).issues).toEqual([
      { path: "test", message: "must be true when present" },
    ]);
  });

  it("rejects an event type outside the catalog", async () => {
    const body = '{"id":"e","event":"candidate.hired","timestamp":"2024-01-15T10:00:00Z","data":{}}';
    expect(await errorOf(body)).toMatchObject({ code: "unknown_event_type", status: 400 });
  });

  it("checks data against the catalog only when asked to, and tolerates unknown envelope keys", async () => {
    const body = JSON.stringify({
      id: "e",
      event: "credits.low",
      timestamp: "2024-01-15T10:00:00Z",
      delivered_by: "a newer sender",
      data: { credits_remaining: "8.5", threshold: 10 },
    });
    const request = await signed(body);
    expect(await verifyWebhook(request.body, request.headers, SECRET, { now })).toMatchObject({ ok: true });
    const error = await errorOf(body, { validateData: true });
    expect(error).toMatchObject({
      code: "invalid_data",
      issues: [{ path: "data.credits_remaining", message: "must be a number" }],
    });
    const valid = body.replace('"8.5"', "8.5");
    const validRequest = await signed(valid);
    expect(
      await verifyWebhook(validRequest.body, validRequest.headers, SECRET, { now, validateData: true }),
    ).toMatchObject({
      ok: true,
    });
  });

  it("maps every code to an HTTP status", () => {
    for (const code of WEBHOOK_ERROR_CODES) {
      expect(new WebhookVerificationError(code, "x").status, code).toBeGreaterThanOrEqual(400);
    }
  });
});
