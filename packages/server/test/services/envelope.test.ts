import { describe, expect, it } from "vitest";
import { formatTimestamp, serializeEnvelope } from "../../src/domain/envelope.js";

const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const at = Date.UTC(2024, 0, 15, 10, 30, 0, 7);

describe("serializeEnvelope", () => {
  it("writes id, event, timestamp, data in that order, timestamp as ISO UTC with milliseconds", () => {
    const bytes = serializeEnvelope({
      id: "evt_1",
      type: "campaign.created",
      occurredAt: at,
      data: { b: 1, a: 2 },
    });
    expect(decode(bytes)).toBe(
      '{"id":"evt_1","event":"campaign.created","timestamp":"2024-01-15T10:30:00.007Z","data":{"b":1,"a":2}}',
    );
  });

  it("puts test: true between timestamp and data for a test delivery, and nothing when test is false", () => {
    expect(decode(serializeEnvelope({ id: "e", type: "t", occurredAt: 0, data: {}, test: true }))).toBe(
      '{"id":"e","event":"t","timestamp":"1970-01-01T00:00:00.000Z","test":true,"data":{}}',
    );
    expect(
      decode(serializeEnvelope({ id: "e", type: "t", occurredAt: 0, data: {}, test: false })),
    ).not.toContain("test");
  });

  it("encodes non-ASCII text as UTF-8 bytes, not escapes", () => {
    const bytes = serializeEnvelope({ id: "e", type: "t", occurredAt: 0, data: { name: "Zoé" } });
    expect(Buffer.from(bytes).includes(Buffer.from("Zoé", "utf8"))).toBe(true);
  });

  it("formatTimestamp matches the envelope's", () => {
    expect(formatTimestamp(at)).toBe("2024-01-15T10:30:00.007Z");
  });
});
