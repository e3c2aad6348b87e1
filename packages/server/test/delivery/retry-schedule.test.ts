import { describe, expect, it } from "vitest";
import {
  defaultRetrySchedule,
  maxAttempts,
  nextAttemptAt,
  type RetrySchedule,
  retryScheduleProblem,
} from "../../src/domain/retry-schedule.js";

const NOW = 1_700_000_000_000;
const middle = () => 0.5; // no jitter: 2 * 0.5 - 1 = 0
const lowest = () => 0; // -jitterRatio
const highest = () => 0.999_999_999; // just under +jitterRatio

describe("retry schedule", () => {
  it("makes 4 attempts by default, retrying after 60 s, 10 min and 100 min", () => {
    expect(maxAttempts(defaultRetrySchedule)).toBe(4);
    expect(nextAttemptAt(1, NOW, defaultRetrySchedule, middle)).toBe(NOW + 60_000);
    expect(nextAttemptAt(2, NOW, defaultRetrySchedule, middle)).toBe(NOW + 600_000);
    expect(nextAttemptAt(3, NOW, defaultRetrySchedule, middle)).toBe(NOW + 6_000_000);
    expect(nextAttemptAt(4, NOW, defaultRetrySchedule, middle)).toBe("exhausted");
  });

  it("grows the delays exponentially", () => {
    const [first = 0, second = 0, third = 0] = defaultRetrySchedule.delaysMs;
    expect(second / first).toBe(third / second);
    expect(second / first).toBeGreaterThan(1);
  });

  it("spreads each delay by at most ±20% with the injected random", () => {
    expect(nextAttemptAt(1, NOW, defaultRetrySchedule, lowest)).toBe(NOW + 48_000);
    expect(nextAttemptAt(1, NOW, defaultRetrySchedule, highest)).toBe(NOW + 72_000);
    expect(nextAttemptAt(2, NOW, defaultRetrySchedule, () => 0.25)).toBe(NOW + 600_000 * 0.9);
  });

  it("keeps every jittered delay inside the band for many random values", () => {
    let seed = 42;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let i = 0; i < 1000; i++) {
      const at = nextAttemptAt(3, NOW, defaultRetrySchedule, random);
      if (at === "exhausted") throw new Error("unexpected exhaustion");
      expect(at - NOW).toBeGreaterThanOrEqual(4_800_000);
      expect(at - NOW).toBeLessThanOrEqual(7_200_000);
    }
  });

  it("follows a configured schedule: count and delays", () => {
    const schedule: RetrySchedule = { delaysMs: [20, 40], jitterRatio: 0 };
    expect(maxAttempts(schedule)).toBe(3);
    expect(nextAttemptAt(1, NOW, schedule, lowest)).toBe(NOW + 20);
    expect(nextAttemptAt(2, NOW, schedule, highest)).toBe(NOW + 40);
    expect(nextAttemptAt(3, NOW, schedule, middle)).toBe("exhausted");
    expect(nextAttemptAt(1, NOW, { delaysMs: [], jitterRatio: 0.2 }, middle)).toBe("exhausted");
  });

  it("honours a minimum delay the receiver asked for, without granting extra attempts", () => {
    expect(nextAttemptAt(1, NOW, defaultRetrySchedule, middle, 120_000)).toBe(NOW + 120_000);
    expect(nextAttemptAt(1, NOW, defaultRetrySchedule, middle, 1_000)).toBe(NOW + 60_000);
    expect(nextAttemptAt(4, NOW, defaultRetrySchedule, middle, 1_000)).toBe("exhausted");
  });

  it("answers exhausted for attempt numbers that do not exist", () => {
    expect(nextAttemptAt(0, NOW, defaultRetrySchedule, middle)).toBe("exhausted");
    expect(nextAttemptAt(-1, NOW, defaultRetrySchedule, middle)).toBe("exhausted");
  });

  it("returns whole milliseconds", () => {
    const at = nextAttemptAt(1, NOW, { delaysMs: [33], jitterRatio: 0.2 }, () => 0.123);
    expect(Number.isInteger(at)).toBe(true);
  });

  it("names what is wrong with an unusable schedule", () => {
    expect(retryScheduleProblem(defaultRetrySchedule)).toBeUndefined();
    expect(retryScheduleProblem({ delaysMs: [10, -1], jitterRatio: 0 })).toMatch(/^voicehire-webhooks: .*-1/);
    expect(retryScheduleProblem({ delaysMs: [10], jitterRatio: 1.5 })).toMatch(/jitter/);
  });
});
