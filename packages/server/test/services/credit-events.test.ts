import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { deriveCreditEvents } from "../../src/domain/credit-events.js";
import type { CreditState } from "../../src/domain/types.js";

const state = (
  balance: number | null,
  lastCampaignId: string | null = "camp-1",
  threshold = 10,
): CreditState => ({
  balance,
  threshold,
  lastCampaignId,
});
const types = (previous: CreditState, balance: number, reported: string | null = null) => {
  const outcome = deriveCreditEvents(previous, balance, reported);
  return outcome.kind === "events" ? outcome.events.map((e) => e.type) : outcome.kind;
};

describe("deriveCreditEvents", () => {
  it.each([
    [null, 15, []],
    [null, 9, ["credits.low"]],
    [null, 0, ["credits.low", "credits.depleted"]],
    [15, 10, []],
    [10, 9.99, ["credits.low"]],
    [12, 0, ["credits.low", "credits.depleted"]],
    [9, 5, []],
    [5, 0, ["credits.depleted"]],
    [0, 0, []],
    [0, 3, []],
    [3, 0, ["credits.depleted"]],
    [0, 12, []],
  ] as const)("from %s to %s fires %j", (before, after, expected) => {
    expect(types(state(before), after)).toEqual(expected);
  });

  it("carries the data of the contract", () => {
    expect(deriveCreditEvents(state(20, "remembered"), 0, null)).toEqual({
      kind: "events",
      events: [
        { type: "credits.low", data: { credits_remaining: 0, threshold: 10 } },
        { type: "credits.depleted", data: { credits_remaining: 0, last_campaign_id: "remembered" } },
      ],
    });
  });

  it("prefers the report's campaign id over the remembered one", () => {
    const outcome = deriveCreditEvents(state(5, "remembered"), 0, "reported");
    expect(outcome).toEqual({
      kind: "events",
      events: [{ type: "credits.depleted", data: { credits_remaining: 0, last_campaign_id: "reported" } }],
    });
  });

  it("refuses a depletion when no campaign id is known, but not a report that does not deplete", () => {
    expect(types(state(5, null), 0)).toBe("missing_last_campaign_id");
    expect(types(state(15, null), 5)).toEqual(["credits.low"]);
    expect(types(state(0, null), 0)).toEqual([]);
  });

  it("uses the account's threshold, and a threshold of 0 never fires credits.low", () => {
    expect(types(state(150, "c", 100), 99)).toEqual(["credits.low"]);
    expect(types(state(5, "c", 0), 0)).toEqual(["credits.depleted"]);
  });

  it("fires credits.low exactly once per downward crossing over any sequence of reports", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 30 }), { maxLength: 40 }), (balances) => {
        let previous = state(null);
        let lows = 0;
        let depleteds = 0;
        let expectedLows = 0;
        let expectedDepleteds = 0;
        for (const balance of balances) {
          if (balance < 10 && (previous.balance === null || previous.balance >= 10)) expectedLows++;
          if (balance <= 0 && (previous.balance === null || previous.balance > 0)) expectedDepleteds++;
          const outcome = deriveCreditEvents(previous, balance, null);
          if (outcome.kind !== "events") return false;
          lows += outcome.events.filter((e) => e.type === "credits.low").length;
          depleteds += outcome.events.filter((e) => e.type === "credits.depleted").length;
          if (outcome.events.length === 2 && outcome.events[0]?.type !== "credits.low") return false;
          previous = state(balance);
        }
        return lows === expectedLows && depleteds === expectedDepleteds;
      }),
      { numRuns: 200 },
    );
  });
});
