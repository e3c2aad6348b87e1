/**
 * The API skips walking a parsed body for unstorable text when the body's JSON text cannot spell any
 * (`mayHoldUnstorableText`): that shortcut must never let a NUL or a lone surrogate through, whatever
 * the value, its keys, or how it is spelled.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { findUnstorableText } from "../../src/domain/find-unstorable-text.js";
import { mayHoldUnstorableText } from "../../src/domain/storable-text.js";

/** Strings of any UTF-16 code units, with NUL and lone surrogates often among them. */
const risky = fc.oneof(
  fc.string({ unit: "binary" }),
  fc.constantFrom("\u0000", "\ud800", "\udfff", "a\udc00b", "\ud83d\ude00", "x"),
);
const value = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    risky,
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(risky, tie("value"), { maxKeys: 4 }),
  ),
})).value;

describe("JSON text that may hold unstorable text", () => {
  it("is flagged whenever its parsed value holds some, however it is spelled", () => {
    fc.assert(
      fc.property(value, fc.boolean(), (parsed, spaced) => {
        const text = JSON.stringify(parsed, null, spaced ? 2 : undefined);
        if (findUnstorableText(JSON.parse(text), "") !== undefined) {
          expect(mayHoldUnstorableText(text)).toBe(true);
        }
      }),
      { numRuns: 2_000 },
    );
  });

  it("spells NUL and surrogates only as escapes, in either case, and lets plain text through", () => {
    for (const text of ['{"a":"\\u0000"}', '{"\\uD800":1}', '["\\udbff\\udc00"]', '"\\uDc00"']) {
      expect(mayHoldUnstorableText(text), text).toBe(true);
    }
    const plain = JSON.stringify({ event: "candidate.added", data: { first_name: "Éloïse 😀", n: 42 } });
    expect(mayHoldUnstorableText(plain)).toBe(false);
  });
});
