import { describe, expect, it } from "vitest";
import { createSubscriptionCache } from "../../src/store/subscription-cache.js";

describe("the subscription cache", () => {
  let clock = 0;
  const cache = () => createSubscriptionCache({ maxAgeMs: 1000, monotonicNow: () => clock });
  const subscriptions = new Map([["candidate.added", ["ep_1"]]]);

  it("serves a read for less than the bound, counted from when the read began", () => {
    clock = 0;
    const made = cache();
    expect(made.get("acc_1")).toBeUndefined();
    const token = made.begin("acc_1");
    clock = 300; // the read took 300 ms
    made.keep(token, subscriptions);
    clock = 999;
    expect(made.get("acc_1")).toBe(subscriptions);
    clock = 1000;
    expect(made.get("acc_1")).toBeUndefined();
  });

  it("forget drops the entry at once, and a read begun before it is not kept", () => {
    clock = 0;
    const made = cache();
    made.keep(made.begin("acc_1"), subscriptions);
    made.forget("acc_1");
    expect(made.get("acc_1")).toBeUndefined();
    const early = made.begin("acc_1");
    made.forget("acc_1"); // an endpoint write committed while that read was under way
    made.keep(early, subscriptions);
    expect(made.get("acc_1")).toBeUndefined();
    made.keep(made.begin("acc_1"), subscriptions);
    expect(made.get("acc_1")).toBe(subscriptions);
    expect(made.get("acc_2")).toBeUndefined();
  });
});
