import { describe, expect, it } from "vitest";
import { plural } from "../src/i18n/translate";

describe("the endpoint page's circuit message", () => {
  it("says until when and after how many failures the endpoint is paused, in both languages", () => {
    expect(plural("fr", "circuit.paused_until", 5, { time: "10:42" })).toMatch(
      /^En pause jusqu’à 10:42 après 5 échecs/,
    );
    expect(plural("en", "circuit.paused_until", 5, { time: "10:42" })).toMatch(
      /^Paused until 10:42 after 5 failures/,
    );
    expect(plural("fr", "circuit.paused_until", 1, { time: "10:42" })).toMatch(/après 1 échec :/);
  });
});
