import { buildSignedDelivery, constructEvent, eventCatalog, HEADER_NAMES } from "@voicehire/webhooks";
import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { verifyWithDocPython } from "../support/python.js";

const secret = "sécret-partagé-🔑";

describe("buildSignedDelivery (test deliveries exactly as VoiceHire sends them)", () => {
  it("sets every wire header, and marks test deliveries in the envelope and a header", async () => {
    const { body, headers } = await buildSignedDelivery({
      event: "credits.low",
      data: eventCatalog["credits.low"].sample,
      secrets: secret,
      id: "evt_42",
      test: true,
      attempt: 3,
      now: () => Date.UTC(2024, 0, 15, 10, 0, 0, 123),
    });
    expect(JSON.parse(body)).toEqual({
      id: "evt_42",
      event: "credits.low",
      timestamp: "2024-01-15T10:00:00.123Z",
      test: true,
      data: { credits_remaining: 8.5, threshold: 10 },
    });
    expect(headers).toMatchObject({
      "content-type": "application/json",
      [HEADER_NAMES.event]: "credits.low",
      [HEADER_NAMES.eventId]: "evt_42",
      [HEADER_NAMES.attempt]: "3",
      [HEADER_NAMES.test]: "true",
      [HEADER_NAMES.webhookId]: "evt_42",
      [HEADER_NAMES.webhookTimestamp]: "1705312800",
    });
    expect(headers[HEADER_NAMES.signature]).toMatch(/^sha256=[0-9a-f]{64}$/);
  });

  it("produces deliveries that the standardwebhooks library and the document's Python snippet accept", async () => {
    const delivery = await buildSignedDelivery({
      event: "candidate.interview.completed",
      data: eventCatalog["candidate.interview.completed"].sample,
      secrets: [secret, "old"],
    });
    expect(JSON.parse(delivery.body)).not.toHaveProperty("test");
    expect(delivery.headers[HEADER_NAMES.test]).toBeUndefined();
    expect(delivery.headers[HEADER_NAMES.eventId]).toMatch(/^evt_test_[0-9a-f-]{36}$/);
    const verified = new Webhook(new TextEncoder().encode(secret), { format: "raw" }).verify(
      delivery.body,
      delivery.headers,
    );
    expect(verified).toEqual(JSON.parse(delivery.body));
    expect(() =>
      new Webhook(new TextEncoder().encode("old"), { format: "raw" }).verify(delivery.body, delivery.headers),
    ).not.toThrow();
    expect(
      verifyWithDocPython([
        {
          headers: { "X-VoiceHire-Signature": delivery.headers[HEADER_NAMES.signature] as string },
          body: delivery.body,
          secret,
        },
      ]),
    ).toEqual([true]);
    expect((await constructEvent(delivery.body, delivery.headers, secret)).event).toBe(
      "candidate.interview.completed",
    );
  });

  it("refuses an empty secret", async () => {
    await expect(
      buildSignedDelivery({ event: "credits.low", data: eventCatalog["credits.low"].sample, secrets: "" }),
    ).rejects.toMatchObject({ code: "invalid_secret" });
  });
});
