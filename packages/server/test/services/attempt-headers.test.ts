/**
 * What the attempt log keeps of an attempt's headers: the response headers that help a customer debug,
 * bounded; and the request headers as two facts, rebuilt exactly, or whole when they do not rebuild.
 */
import { describe, expect, it } from "vitest";
import { deliveryHeaders } from "../../src/delivery/signing.js";
import {
  boundedResponseHeaders,
  MAX_RESPONSE_HEADER_BYTES,
  MAX_RESPONSE_HEADERS,
  redactSignatures,
} from "../../src/domain/attempt-headers.js";
import { rebuiltRequestHeaders, recordedRequestOf } from "../../src/domain/recorded-request-headers.js";

const STARTED_AT = 1_700_000_000_123;

function sent(options: { readonly secrets: readonly string[]; readonly test: boolean }) {
  return redactSignatures(
    deliveryHeaders({
      eventId: "evt_01",
      eventType: "candidate.added",
      attemptNumber: 3,
      body: new TextEncoder().encode("{}"),
      secrets: options.secrets,
      nowSeconds: Math.floor(STARTED_AT / 1000),
      test: options.test,
      userAgent: "VoiceHire-Webhooks/1.2.3",
    }),
  );
}

describe("response headers in the attempt log", () => {
  it("drops the connection's framing and the date, keeps the rest in lowercase", () => {
    expect(
      boundedResponseHeaders({
        Connection: "keep-alive",
        "keep-alive": "timeout=5",
        "transfer-encoding": "chunked",
        date: "Tue, 14 Nov 2023 22:13:20 GMT",
        "Retry-After": "60",
        "x-request-id": ["a", "b"],
        "content-type": "text/plain",
      }),
    ).toEqual({ "retry-after": "60", "x-request-id": "a, b", "content-type": "text/plain" });
  });

  it("keeps a bounded number of headers and bytes from a hostile receiver", () => {
    const many = Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`x-h${i}`, "v".repeat(5_000)]));
    const kept = boundedResponseHeaders(many);
    const size = Object.entries(kept).reduce((sum, [name, value]) => sum + name.length + value.length, 0);
    expect(Object.keys(kept).length).toBeGreaterThan(0);
    expect(Object.keys(kept).length).toBeLessThanOrEqual(MAX_RESPONSE_HEADERS);
    expect(size).toBeLessThanOrEqual(MAX_RESPONSE_HEADER_BYTES);
  });
});

describe("request headers in the attempt log", () => {
  const facts = { eventId: "evt_01", eventType: "candidate.added", attemptNumber: 3, startedAt: STARTED_AT };

  for (const [label, secrets, test] of [
    ["signed with two secrets", ["s1", "s2"], false],
    ["unsigned", [], false],
    ["a Tester's", ["s1"], true],
  ] as const) {
    it(`keeps two facts of a ${label} request and rebuilds it exactly`, () => {
      const headers = sent({ secrets, test });
      const recorded = recordedRequestOf(headers, facts);
      expect(recorded).toEqual({
        kind: "rebuilt",
        signed: secrets.length > 0,
        userAgent: "VoiceHire-Webhooks/1.2.3",
      });
      const rebuilt = rebuiltRequestHeaders(recorded, { ...facts, test });
      expect(JSON.stringify(rebuilt)).toBe(JSON.stringify(headers));
    });
  }

  it("keeps whole the headers that would not rebuild exactly, and none when none were recorded", () => {
    const headers = sent({ secrets: ["s1"], test: false });
    const otherTimestamp = { ...headers, "webhook-timestamp": "1" };
    const reordered = Object.fromEntries(Object.entries(headers).reverse());
    for (const odd of [otherTimestamp, reordered, { "X-Custom": "1" }]) {
      expect(recordedRequestOf(odd, facts)).toEqual({ kind: "verbatim", headers: odd });
    }
    expect(recordedRequestOf(undefined, facts)).toEqual({ kind: "none" });
    expect(rebuiltRequestHeaders({ kind: "none" }, { ...facts, test: false })).toBeUndefined();
  });
});
