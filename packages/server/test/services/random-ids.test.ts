import { describe, expect, it } from "vitest";
import { newId } from "../../src/domain/ids.js";
import { fillBase32Digits, randomHex } from "../../src/domain/random-bytes-pool.js";

describe("ids from pooled random bytes", () => {
  it("request-id hex stays 16 lowercase hex characters and never repeats across many refills", () => {
    const seen = new Set<string>();
    // 8 bytes each: 20,000 ids run through the 4 KB pool about 40 times.
    for (let i = 0; i < 20_000; i++) {
      const hex = randomHex(8);
      expect(hex).toMatch(/^[0-9a-f]{16}$/);
      seen.add(hex);
    }
    expect(seen.size).toBe(20_000);
  });

  it("base32 digits are below 32 and spread over all 32 values", () => {
    const counts = new Array<number>(32).fill(0);
    const digits = new Uint8Array(16);
    for (let i = 0; i < 2000; i++) {
      fillBase32Digits(digits);
      for (const digit of digits) {
        expect(digit).toBeGreaterThanOrEqual(0);
        expect(digit).toBeLessThan(32);
        counts[digit] = (counts[digit] ?? 0) + 1;
      }
    }
    // 32,000 digits: each value is expected 1,000 times; 700 would be a broken draw, not bad luck.
    for (const count of counts) expect(count).toBeGreaterThan(700);
  });

  it("ids made at different times stay unique and sorted by time", () => {
    const ids = Array.from({ length: 5000 }, (_, i) => newId("att", 1_700_000_000_000 + i));
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });

  it("refuses more bytes than the pool holds instead of answering repeated ones", () => {
    expect(() => randomHex(5000)).toThrow(RangeError);
  });
});
