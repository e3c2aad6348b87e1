import { describe, expect, it } from "vitest";
import { retryAfterFloorMs } from "../../src/delivery/attempt-result.js";
import { parseRetryAfter } from "../../src/delivery/retry-after.js";
import type { SendOutcome } from "../../src/delivery/sender.js";
import { attemptOf } from "./support/attempt-of.js";

const now = Date.UTC(2024, 0, 15, 10, 30, 0);

describe("parseRetryAfter", () => {
  it("reads delay-seconds", () => {
    expect(parseRetryAfter("120", now)).toBe(120_000);
    expect(parseRetryAfter(" 0 ", now)).toBe(0);
    expect(parseRetryAfter(["5", "9"], now)).toBe(5_000);
  });

  it("reads the three HTTP date forms as a wait from now, and a past date as no wait", () => {
    expect(parseRetryAfter("Mon, 15 Jan 2024 10:32:00 GMT", now)).toBe(120_000);
    expect(parseRetryAfter("Monday, 15-Jan-24 10:31:00 GMT", now)).toBe(60_000);
    expect(parseRetryAfter("Mon Jan 15 10:30:30 2024", now)).toBe(30_000);
    expect(parseRetryAfter("Mon, 15 Jan 2024 10:00:00 GMT", now)).toBe(0);
  });

  it("ignores what it cannot read", () => {
    for (const value of [undefined, "", "soon", "-5", "1.5", "12abc", "2024-01-15"]) {
      expect(parseRetryAfter(value, now)).toBeUndefined();
    }
  });
});

const answered = (statusCode: number, retryAfterMs?: number): SendOutcome => ({
  kind: "answered",
  statusCode,
  durationMs: 5,
  responseExcerpt: "",
  ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
});
const next = (attemptNumber: number, outcome: SendOutcome, retryAfterCapMs = 3_600_000) =>
  attemptOf(attemptNumber, outcome, {
    finishedAt: 10_000,
    retry: {
      schedule: { delaysMs: [1_000, 2_000, 4_000], jitterRatio: 0 },
      random: () => 0.5,
      retryAfterCapMs,
    },
  }).next;

describe("Retry-After in the retry decision", () => {
  it("on a 429 or a 503, delays the next attempt to what was asked when that is later than the schedule", () => {
    expect(next(1, answered(429, 30_000))).toEqual({ status: "pending", nextAttemptAt: 40_000 });
    expect(next(1, answered(503, 30_000))).toEqual({ status: "pending", nextAttemptAt: 40_000 });
    expect(next(2, answered(503, 500))).toEqual({ status: "pending", nextAttemptAt: 12_000 }); // schedule is later
  });

  it("is capped, ignored on other statuses, and never grants an attempt the schedule does not have", () => {
    expect(next(1, answered(429, 86_400_000), 3_600_000)).toEqual({
      status: "pending",
      nextAttemptAt: 3_610_000,
    });
    expect(next(1, answered(500, 30_000))).toEqual({ status: "pending", nextAttemptAt: 11_000 });
    expect(next(1, answered(410, 30_000))).toEqual({ status: "pending", nextAttemptAt: 11_000 });
    expect(next(4, answered(429, 1_000))).toEqual({ status: "failed" });
    expect(retryAfterFloorMs(answered(429, 1_000), undefined)).toBeUndefined();
    expect(
      retryAfterFloorMs({ kind: "failed", errorKind: "timeout", errorMessage: "t", durationMs: 5 }, 10),
    ).toBeUndefined();
  });
});
