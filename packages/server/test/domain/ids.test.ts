import { describe, expect, it } from "vitest";
import { newId, smallestIdAt } from "../../src/domain/ids.js";

const ID = /^dlv_[0-9A-HJKMNP-TV-Z]{26}$/;

describe("ids", () => {
  it("ids of one millisecond keep increasing, and a later millisecond sorts after", () => {
    const now = 1_700_000_000_000;
    const ids = Array.from({ length: 5000 }, (_, i) => newId("dlv", now + Math.floor(i / 1000)));
    for (const id of ids) expect(id).toMatch(ID);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids[1000]?.slice(0, 14)).not.toBe(ids[999]?.slice(0, 14));
    expect((ids[1000] ?? "") >= smallestIdAt("dlv", now + 1)).toBe(true);
    expect((ids[999] ?? "~") < smallestIdAt("dlv", now + 1)).toBe(true);
  });

  it("a clock going back never makes a smaller id", () => {
    const first = newId("evt", 1_800_000_000_000);
    const second = newId("evt", 1_700_000_000_000);
    expect(second > first).toBe(true);
  });

  it("the random part differs between milliseconds", () => {
    const bodies = new Set(
      Array.from({ length: 2000 }, (_, i) => newId("evt", 1_900_000_000_000 + i).slice(14)),
    );
    expect(bodies.size).toBe(2000);
  });
});
