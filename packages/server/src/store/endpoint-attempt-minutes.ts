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

/** One counter row's addition: an endpoint's attempts (and 2xx) started in one minute, by one shard. */
export interface AttemptMinuteCount {
  readonly endpointId: string;
  readonly minute: number;
  readonly shard: number;
  readonly attempts: number;
  readonly succeeded: number;
}

/**
 * The rows summed per counter, for an adapter that knows each delivery's endpoint: `endpointOf` answers
 * undefined for a delivery not counted (a Tester delivery, or one that is gone). One addition per
 * counter row and batch.
 */
export function attemptMinuteCounts(
  rows: readonly AttemptMinuteRow[],
  endpointOf: (deliveryId: string) => string | undefined,
): AttemptMinuteCount[] {
  const counts = new Map<string, { -readonly [K in keyof AttemptMinuteCount]: AttemptMinuteCount[K] }>();
  for (const row of rows) {
    const endpointId = endpointOf(row.deliveryId);
    if (endpointId === undefined) continue;
    const key = `${row.minute} ${row.shard} ${endpointId}`;
    const count = counts.get(key);
    if (count === undefined) {
      counts.set(key, {
        endpointId,
        minute: row.minute,
        shard: row.shard,
        attempts: 1,
        succeeded: row.succeeded ? 1 : 0,
      });
    } else {
      count.attempts++;
      if (row.succeeded) count.succeeded++;
    }
  }
  return [...counts.values()];
}
