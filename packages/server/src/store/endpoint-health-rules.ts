import { isSuccessStatus } from "@voicehire/webhooks";
import type { AttemptResult } from "./port.js";

/**
 * How recorded attempts move an endpoint's delivery health, shared by both adapters so they
 * judge alike. Per endpoint and batch of results, the store computes:
 * - `s`: the latest end time of a successful attempt (2xx), or null;
 * - `l`: the latest end time of a failed attempt, or null;
 * - `f`: the earliest end time of a failed attempt after `s` (after nothing when `s` is null), or null;
 * then, from the stored values:
 * - `lastSuccessAt` = the later of the stored one and `s`; `lastFailureAt` likewise with `l`;
 * - `failingSince` = the earliest of { stored `failingSince`, `f`, stored `lastFailureAt` } that is later
 *   than the new `lastSuccessAt`, or null. (A stored last failure later than a success recorded late
 *   stands for "failing since then at most": disabling comes later, never earlier.)
 * Times are kept to the second: a batch that would only move `lastSuccessAt` (or, while failing,
 * `lastFailureAt`) by less than `HEALTH_PRECISION_MS` writes nothing, so a busy endpoint's row is written
 * about once a second instead of on every batch.
 */
export const HEALTH_PRECISION_MS = 1000;

/** One finished attempt as the health rules see it: its delivery, when it ended, whether it was 2xx. */
export interface AttemptOutcomeRow {
  readonly deliveryId: string;
  readonly finishedAt: number;
  readonly succeeded: boolean;
}

export function attemptOutcomes(results: readonly AttemptResult[]): AttemptOutcomeRow[] {
  return results.map(({ attempt }) => ({
    deliveryId: attempt.deliveryId,
    finishedAt: Math.round(attempt.startedAt + attempt.durationMs),
    succeeded: attempt.statusCode !== null && isSuccessStatus(attempt.statusCode),
  }));
}
