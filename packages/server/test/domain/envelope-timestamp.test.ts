import { describe, expect, it } from "vitest";
import { formatTimestamp, serializeEnvelope } from "../../src/domain/envelope.js";

describe("envelope timestamps", () => {
  it("each time gets its own text, repeated or alternating", () => {
    const a = Date.UTC(2024, 0, 15, 10, 30, 0, 0);
    const b = a + 1;
    for (const [time, text] of [
      [a, "2024-01-15T10:30:00.000Z"],
      [a, "2024-01-15T10:30:00.000Z"],
      [b, "2024-01-15T10:30:00.001Z"],
      [a, "2024-01-15T10:30:00.000Z"],
    ] as const) {
      expect(formatTimestamp(time)).toBe(text);
    }
    expect(() => formatTimestamp(Number.NaN)).toThrow(RangeError);
  });

  it("the serialized bytes are the UTF-8 JSON, non-ASCII included", () => {
    const bytes = serializeEnvelope({
      id: "evt_1",
      type: "candidate.added",
      occurredAt: 0,
      data: { n: "Zoé 🎧" },
    });
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect(new TextDecoder().decode(bytes)).toBe(
      '{"id":"evt_1","event":"candidate.added","timestamp":"1970-01-01T00:00:00.000Z","data":{"n":"Zoé 🎧"}}',
    );
  });
});
