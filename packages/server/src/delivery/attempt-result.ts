import { isSuccessStatus } from "@voicehire/webhooks";
import { redactSignatures } from "../domain/attempt-headers.js";
import { newId } from "../domain/ids.js";
import { nextAttemptAt, type RetrySchedule } from "../domain/retry-schedule.js";
import { storableAttempt } from "../domain/storable-attempt.js";
import type { AttemptRecord, EpochMs } from "../domain/types.js";
import type { AttemptResult, NextDeliveryState } from "../store/port.js";
import type { SendOutcome } from "./sender.js";

/** How a failed attempt is retried. */
export interface RetryPolicy {
  readonly schedule: RetrySchedule;
  /** Jitter source for the schedule, [0, 1). */
  readonly random: () => number;
  /**
   * The longest `Retry-After` honoured (see `DeliverySettings.maxRetryAfterMs`); without it, the header
   * is ignored.
   */
  readonly retryAfterCapMs?: number;
}

export interface AttemptResultInput {
  readonly workerId: string;
  readonly deliveryId: string;
  /** The real number of this attempt (the one sent as `X-VoiceHire-Attempt` and recorded). */
  readonly attemptNumber: number;
  /**
   * Attempts made before the current retry budget began (a resend or a recovery gives a fresh one):
   * the retry schedule counts this attempt from there. Absent means 0.
   */
  readonly retryBudgetStart?: number;
  readonly outcome: SendOutcome;
  readonly startedAt: EpochMs;
  readonly finishedAt: EpochMs;
  /** The headers sent: kept in the attempt log with every signature redacted. */
  readonly requestHeaders?: Readonly<Record<string, string>>;
  /** `"never"`: a failed attempt fails the delivery at once (the Tester's). */
  readonly retry: RetryPolicy | "never";
}

/** Statuses whose `Retry-After` is honoured: Too Many Requests and Service Unavailable. */
const RETRY_AFTER_STATUSES: ReadonlySet<number> = new Set([429, 503]);

/**
 * The floor the receiver put on the next attempt's delay: its `Retry-After` on a 429 or 503, capped.
 * A floor only delays the next attempt: it never grants one the schedule does not have.
 */
export function retryAfterFloorMs(outcome: SendOutcome, capMs: number | undefined): number | undefined {
  if (capMs === undefined || outcome.kind !== "answered" || outcome.retryAfterMs === undefined)
    return undefined;
  if (!RETRY_AFTER_STATUSES.has(outcome.statusCode)) return undefined;
  return Math.min(outcome.retryAfterMs, capMs);
}

/**
 * The attempt to record for one send, and the delivery's next state (2xx succeeds; the rest retries,
 * if the policy allows). A receiver's answer (excerpt, headers) may hold what no store can keep: the
 * attempt's texts are made storable.
 */
export function attemptResultOf(input: AttemptResultInput): AttemptResult {
  const { outcome } = input;
  const succeeded = outcome.kind === "answered" && isSuccessStatus(outcome.statusCode);
  const attempt: AttemptRecord = {
    id: newId("att", input.startedAt),
    deliveryId: input.deliveryId,
    attemptNumber: input.attemptNumber,
    startedAt: input.startedAt,
    durationMs: outcome.durationMs,
    ...(outcome.kind === "answered"
      ? {
          statusCode: outcome.statusCode,
          errorKind: succeeded ? null : "http_status",
          errorMessage: succeeded ? null : `the endpoint answered HTTP ${outcome.statusCode}`,
          responseExcerpt: outcome.responseExcerpt,
        }
      : {
          statusCode: null,
          errorKind: outcome.errorKind,
          errorMessage: outcome.errorMessage,
          responseExcerpt: null,
        }),
    ...(input.requestHeaders === undefined ? {} : { requestHeaders: redactSignatures(input.requestHeaders) }),
    ...(outcome.kind === "answered" && outcome.responseHeaders !== undefined
      ? { responseHeaders: outcome.responseHeaders }
      : {}),
  };
  return {
    workerId: input.workerId,
    attempt: storableAttempt(attempt),
    next: nextStateAfter(input, succeeded),
  };
}

function nextStateAfter(input: AttemptResultInput, succeeded: boolean): NextDeliveryState {
  if (succeeded) return { status: "succeeded" };
  if (input.retry === "never") return { status: "failed" };
  const { schedule, random, retryAfterCapMs } = input.retry;
  const at = nextAttemptAt(
    attemptWithinBudget(input.attemptNumber, input.retryBudgetStart ?? 0),
    input.finishedAt,
    schedule,
    random,
    retryAfterFloorMs(input.outcome, retryAfterCapMs),
  );
  return at === "exhausted" ? { status: "failed" } : { status: "pending", nextAttemptAt: at };
}

/** The attempt's place in its retry budget: 1 for the first attempt after a resend or a recovery. */
function attemptWithinBudget(attemptNumber: number, budgetStart: number): number {
  return budgetStart <= 0 ? attemptNumber : Math.max(1, attemptNumber - budgetStart);
}
