import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { timingSafeEqual } from "../../src/signing/hmac-sha256.js";

describe("timingSafeEqual", () => {
  it("is byte equality, lengths included", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), fc.uint8Array({ maxLength: 40 }), (a, b) => {
        expect(timingSafeEqual(a, b)).toBe(Buffer.from(a).equals(Buffer.from(b)));
        expect(timingSafeEqual(a, a.slice())).toBe(true);
      }),
    );
    expect(timingSafeEqual(new Uint8Array([1, 2]), new Uint8Array([1, 2, 0]))).toBe(false);
    expect(timingSafeEqual(new Uint8Array([1, 2, 3]), new Uint8Array([1, 2, 4]))).toBe(false);
  });
});
