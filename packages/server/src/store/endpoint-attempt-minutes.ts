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

/**
 * Each minute's counts are split over up to this many rows by the recording worker (`shard`): every
 * worker adds to its endpoints' counters on every batch, and on PostgreSQL one shared row per endpoint
 * would make concurrent recorders wait on each other's row lock until commit.
 */
export const ATTEMPT_MINUTE_SHARDS = 16;

/** The shard of a worker's counter rows: a hash of its id, the same for all its batches. */
export function attemptMinuteShard(workerId: string): number {
  let hash = 0;
  for (let i = 0; i < workerId.length; i++) hash = (hash * 31 + workerId.charCodeAt(i)) | 0;
  return Math.abs(hash) % ATTEMPT_MINUTE_SHARDS;
}

/** The minute (whole minutes since the epoch) a time falls in. */
export function attemptMinuteOf(time: number): number {
  return Math.floor(time / ATTEMPT_MINUTE_MS);
}

/** One recorded attempt as the counters see it: its delivery, its start minute, its worker's shard, 2xx or not. */
export interface AttemptMinuteRow {
  readonly deliveryId: string;
  readonly minute: number;
  readonly shard: number;
  readonly succeeded: boolean;
}

export function attemptMinuteRows(results: readonly AttemptResult[]): AttemptMinuteRow[] {
  return results.map(({ attempt, workerId }) => ({
    deliveryId: attempt.deliveryId,
    minute: attemptMinuteOf(attempt.startedAt),
    shard: attemptMinuteShard(workerId),
    succeeded: attempt.statusCode !== null && isSuccessStatus(attempt.statusCode),
  }));
}
