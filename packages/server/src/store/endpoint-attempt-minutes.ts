import { isSuccessStatus } from "@voicehire/webhooks";
import type { AttemptResult } from "./port.js";

/**
 * An endpoint's success rate over the last hours is read from per-minute counters
 * (`endpoint_attempt_minutes`: attempts started in that minute, and the 2xx among them), added to in the
 * transaction that records the attempts, instead of an index on every delivery. Shared by both adapters
 * so they count alike.
 *
 * A window "since t" counts the whole minute t falls in: up to a minute of attempts before t may be
 * counted, which a rate over an hour or a day does not notice.
 */
export const ATTEMPT_MINUTE_MS = 60_000;

/** The minute (whole minutes since the epoch) a time falls in. */
export function attemptMinuteOf(time: number): number {
  return Math.floor(time / ATTEMPT_MINUTE_MS);
}

/** One recorded attempt as the counters see it: its delivery, its start minute, whether it was 2xx. */
export interface AttemptMinuteRow {
  readonly deliveryId: string;
  readonly minute: number;
  readonly succeeded: boolean;
}

export function attemptMinuteRows(results: readonly AttemptResult[]): AttemptMinuteRow[] {
  return results.map(({ attempt }) => ({
    deliveryId: attempt.deliveryId,
    minute: attemptMinuteOf(attempt.startedAt),
    succeeded: attempt.statusCode !== null && isSuccessStatus(attempt.statusCode),
  }));
}
