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

/** One endpoint's `s`, `l` and `f` for a batch (see above), null where the batch has none. */
export interface EndpointHealthChange {
  readonly endpointId: string;
  readonly s: number | null;
  readonly l: number | null;
  readonly f: number | null;
}

/**
 * The batch's `s`, `l` and `f` per endpoint, for an adapter that knows each delivery's endpoint
 * (`endpointOf` answers undefined for a delivery to leave out).
 */
export function healthChangesByEndpoint(
  outcomes: readonly AttemptOutcomeRow[],
  endpointOf: (deliveryId: string) => string | undefined,
): EndpointHealthChange[] {
  const byEndpoint = new Map<string, AttemptOutcomeRow[]>();
  for (const outcome of outcomes) {
    const endpointId = endpointOf(outcome.deliveryId);
    if (endpointId === undefined) continue;
    const list = byEndpoint.get(endpointId);
    if (list === undefined) byEndpoint.set(endpointId, [outcome]);
    else list.push(outcome);
  }
  const changes: EndpointHealthChange[] = [];
  for (const [endpointId, list] of byEndpoint) {
    let s: number | null = null;
    let l: number | null = null;
    for (const { finishedAt, succeeded } of list) {
      if (succeeded) s = s === null || finishedAt > s ? finishedAt : s;
      else l = l === null || finishedAt > l ? finishedAt : l;
    }
    let f: number | null = null;
    const after = s ?? -1;
    for (const { finishedAt, succeeded } of list) {
      if (!succeeded && finishedAt > after && (f === null || finishedAt < f)) f = finishedAt;
    }
    changes.push({ endpointId, s, l, f });
  }
  return changes;
}
