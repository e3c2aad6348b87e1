import { describe, expect, it } from "vitest";
import type { SendOutcome } from "../../src/delivery/sender.js";
import type { RetrySchedule } from "../../src/domain/retry-schedule.js";
import { attemptOf } from "./support/attempt-of.js";

const schedule: RetrySchedule = { delaysMs: [1000, 10_000, 100_000], jitterRatio: 0.2 };
const result = (attemptNumber: number, outcome: SendOutcome) =>
  attemptOf(attemptNumber, outcome, { retry: { schedule, random: () => 0.5 } });
const answered = (statusCode: number): SendOutcome => ({
  kind: "answered",
  statusCode,
  durationMs: 50,
  responseExcerpt: "r",
});

describe("attemptResultOf", () => {
  it("a 2xx succeeds", () => {
    for (const status of [200, 201, 204, 299]) {
      const { attempt, next } = result(1, answered(status));
      expect(next).toEqual({ status: "succeeded" });
      expect(attempt).toMatchObject({
        statusCode: status,
        errorKind: null,
        errorMessage: null,
        responseExcerpt: "r",
      });
    }
  });

  it("any other status is a failed attempt, retried after the schedule's delay from when it finished", () => {
    for (const status of [100, 301, 302, 400, 410, 500, 503]) {
      const { attempt, next, workerId } = result(1, answered(status));
      expect(workerId).toBe("w1");
      expect(next).toEqual({ status: "pending", nextAttemptAt: 10_050 + 1000 });
      expect(attempt).toMatchObject({
        deliveryId: "dlv_1",
        attemptNumber: 1,
        startedAt: 10_000,
        durationMs: 50,
        statusCode: status,
        errorKind: "http_status",
        errorMessage: `the endpoint answered HTTP ${status}`,
      });
      expect(attempt.id).toMatch(/^att_/);
    }
  });

  it("a transport failure keeps its kind and message, without status or excerpt", () => {
    const { attempt, next } = result(2, {
      kind: "failed",
      errorKind: "timeout",
      errorMessage: "late",
      durationMs: 5000,
    });
    expect(attempt).toMatchObject({
      statusCode: null,
      errorKind: "timeout",
      errorMessage: "late",
      responseExcerpt: null,
    });
    expect(next).toEqual({ status: "pending", nextAttemptAt: 10_050 + 10_000 });
  });

  it("the last attempt's failure fails the delivery", () => {
    expect(result(4, answered(500)).next).toEqual({ status: "failed" });
    expect(result(4, answered(200)).next).toEqual({ status: "succeeded" });
  });

  it("after a resend, records the real attempt number and retries on the fresh budget's schedule", () => {
    const afterResend = (attemptNumber: number, statusCode: number) =>
      attemptOf(attemptNumber, answered(statusCode), {
        retryBudgetStart: 4,
        retry: { schedule, random: () => 0.5 },
      });
    const fifth = afterResend(5, 500);
    expect(fifth.attempt.attemptNumber).toBe(5);
    expect(fifth.next).toEqual({ status: "pending", nextAttemptAt: 10_050 + 1000 });
    expect(afterResend(8, 500).next).toEqual({ status: "failed" });
  });

  it("a policy of never retrying fails the delivery at its first failed attempt", () => {
    const once = (statusCode: number) =>
      attemptOf(1, answered(statusCode), { workerId: "tester", retry: "never" }).next;
    expect(once(500)).toEqual({ status: "failed" });
    expect(once(204)).toEqual({ status: "succeeded" });
  });
});
