import { describe, expect, it } from "vitest";
import { createCircuitBreaker } from "../../src/delivery/circuit-breaker.js";

const options = { failureThreshold: 3, cooldownMs: 1_000, maxCooldownMs: 3_000 };

function failTimes(
  breaker: ReturnType<typeof createCircuitBreaker>,
  endpointId: string,
  times: number,
  now: number,
) {
  return Array.from({ length: times }, () => breaker.recordOutcome(endpointId, false, now));
}

describe("circuit breaker", () => {
  it("opens after the threshold of failures in a row, and a success in between starts the count again", () => {
    const breaker = createCircuitBreaker(options);
    expect(failTimes(breaker, "ep_a", 2, 0)).toEqual([undefined, undefined]);
    expect(breaker.recordOutcome("ep_a", true, 0)).toBeUndefined();
    expect(failTimes(breaker, "ep_a", 2, 0)).toEqual([undefined, undefined]);
    expect(breaker.tryAdmit("ep_a", 0)).toBe(true);
    expect(breaker.recordOutcome("ep_a", false, 100)).toEqual({
      kind: "opened",
      cooldownMs: 1_000,
      probeAt: 1_100,
    });
    expect(breaker.openEndpointIds()).toEqual(["ep_a"]);
    expect(breaker.tryAdmit("ep_b", 100)).toBe(true); // endpoints are apart
  });

  it("admits nothing while cooling down, then exactly one probe", () => {
    const breaker = createCircuitBreaker(options);
    failTimes(breaker, "ep_a", 3, 0);
    expect(breaker.blockedEndpointIds(999)).toEqual(["ep_a"]);
    expect(breaker.tryAdmit("ep_a", 999)).toBe(false);
    expect(breaker.nextProbeAt()).toBe(1_000);
    expect(breaker.blockedEndpointIds(1_000)).toEqual([]); // a claim may bring the probe
    expect(breaker.tryAdmit("ep_a", 1_000)).toBe(true);
    expect(breaker.tryAdmit("ep_a", 1_000)).toBe(false);
    expect(breaker.blockedEndpointIds(1_000)).toEqual(["ep_a"]); // half-open, probe under way
    expect(breaker.nextProbeAt()).toBeUndefined();
  });

  it("a successful probe closes it; a failed one reopens it for twice as long, up to the maximum", () => {
    const breaker = createCircuitBreaker(options);
    failTimes(breaker, "ep_a", 3, 0);
    breaker.tryAdmit("ep_a", 1_000);
    expect(breaker.recordOutcome("ep_a", false, 1_050)).toEqual({
      kind: "opened",
      cooldownMs: 2_000,
      probeAt: 3_050,
    });
    breaker.tryAdmit("ep_a", 3_050);
    expect(breaker.recordOutcome("ep_a", false, 3_100)).toEqual({
      kind: "opened",
      cooldownMs: 3_000,
      probeAt: 6_100,
    });
    breaker.tryAdmit("ep_a", 6_100);
    expect(breaker.recordOutcome("ep_a", true, 6_200)).toEqual({ kind: "closed" });
    expect(breaker.openEndpointIds()).toEqual([]);
    expect(breaker.tryAdmit("ep_a", 6_200)).toBe(true);
    // Closed again means a fresh start: the threshold, then the first cool-down.
    expect(failTimes(breaker, "ep_a", 3, 7_000).at(-1)).toEqual({
      kind: "opened",
      cooldownMs: 1_000,
      probeAt: 8_000,
    });
  });

  it("a probe that was never sent lets another one through", () => {
    const breaker = createCircuitBreaker(options);
    failTimes(breaker, "ep_a", 3, 0);
    expect(breaker.tryAdmit("ep_a", 1_000)).toBe(true);
    breaker.abandon("ep_a", 1_200);
    expect(breaker.tryAdmit("ep_a", 1_200)).toBe(true);
  });

  it("late outcomes of attempts started before it opened change nothing but a success, which closes it", () => {
    const breaker = createCircuitBreaker(options);
    failTimes(breaker, "ep_a", 3, 0);
    expect(breaker.recordOutcome("ep_a", false, 10)).toBeUndefined();
    expect(breaker.nextProbeAt()).toBe(1_000);
    expect(breaker.recordOutcome("ep_a", true, 20)).toEqual({ kind: "closed" });
    breaker.forget("ep_a");
    expect(breaker.openEndpointIds()).toEqual([]);
  });
});
