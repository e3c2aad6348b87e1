import { newId } from "../domain/ids.js";
import { nextAttemptAt, type RetrySchedule } from "../domain/retry-schedule.js";
import type { AttemptRecord, EpochMs } from "../domain/types.js";
import type { AttemptResult, ClaimedDelivery, NextDeliveryState } from "../store/port.js";
import type { SendOutcome } from "./sender.js";

export interface AttemptResultInput {
  readonly workerId: string;
  readonly claim: ClaimedDelivery;
  readonly outcome: SendOutcome;
  readonly startedAt: EpochMs;
  readonly finishedAt: EpochMs;
  readonly schedule: RetrySchedule;
  readonly random: () => number;
  /**
   * The longest `Retry-After` honoured (see `DeliverySettings.maxRetryAfterMs`); without it, the header
   * is ignored.
   */
  readonly retryAfterCapMs?: number;
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

export function isSuccessStatus(statusCode: number): boolean {
  return statusCode >= 200 && statusCode < 300;
}

/** The attempt to record for one send, and the delivery's next state (2xx succeeds; the rest retries). */
export function attemptResultOf(input: AttemptResultInput): AttemptResult {
  const { claim, outcome } = input;
  const succeeded = outcome.kind === "answered" && isSuccessStatus(outcome.statusCode);
  const attempt: AttemptRecord = {
    id: newId("att", input.startedAt),
    deliveryId: claim.deliveryId,
    attemptNumber: claim.attemptNumber,
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
  };
  return { workerId: input.workerId, attempt, next: nextStateAfter(input, succeeded) };
}

function nextStateAfter(input: AttemptResultInput, succeeded: boolean): NextDeliveryState {
  if (succeeded) return { status: "succeeded" };
  const at = nextAttemptAt(
    input.claim.attemptNumber,
    input.finishedAt,
    input.schedule,
    input.random,
    retryAfterFloorMs(input.outcome, input.retryAfterCapMs),
  );
  return at === "exhausted" ? { status: "failed" } : { status: "pending", nextAttemptAt: at };
}
