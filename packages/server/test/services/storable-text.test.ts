import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { storableAttempt } from "../../src/domain/storable-attempt.js";
import { REPLACEMENT_CHARACTER, storableText } from "../../src/domain/storable-text.js";

/** Lone surrogates, NUL, and everything else a JavaScript string can hold. */
const anyText = fc.string({ unit: "binary", maxLength: 40 });
const hasUnstorable = (text: string) =>
  text.includes("\u0000") || Buffer.from(text, "utf8").toString("utf8") !== text;

describe("storableText", () => {
  it("leaves no NUL and no lone surrogate, keeps the length, and changes nothing else", () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const stored = storableText(text);
        expect(stored.includes("\u0000")).toBe(false);
        // Well formed: a UTF-8 round trip (which replaces lone surrogates) changes nothing.
        expect(Buffer.from(stored, "utf8").toString("utf8")).toBe(stored);
        expect(stored).toHaveLength(text.length);
        for (let i = 0; i < text.length; i++) {
          if (stored[i] !== text[i]) expect(stored[i]).toBe(REPLACEMENT_CHARACTER);
        }
        if (!hasUnstorable(text)) expect(stored).toBe(text);
      }),
    );
  });

  it("replaces NUL and lone surrogates in an attempt's excerpt, error text and headers", () => {
    const attempt = storableAttempt({
      id: "att_1",
      deliveryId: "dlv_1",
      attemptNumber: 1,
      startedAt: 0,
      durationMs: 1,
      statusCode: 200,
      errorKind: null,
      errorMessage: "bad\u0000",
      responseExcerpt: "ok\u0000\uD800!",
      requestHeaders: { "x-a": "v\u0000" },
      responseHeaders: { "x-b\u0000": "\uDC00" },
    });
    expect(attempt).toMatchObject({
      errorMessage: "bad\uFFFD",
      responseExcerpt: "ok\uFFFD\uFFFD!",
      requestHeaders: { "x-a": "v\uFFFD" },
      responseHeaders: { "x-b\uFFFD": "\uFFFD" },
    });
  });
});
