import type { EpochMs } from "./types.js";

/**
 * When a failed delivery is tried again. `delaysMs[i]` is the wait after attempt `i + 1` failed, so a
 * schedule makes `delaysMs.length + 1` attempts in all. Each delay is spread by up to ±`jitterRatio`
 * of itself, so endpoints that failed together are not all retried in the same instant.
 */
export interface RetrySchedule {
  readonly delaysMs: readonly number[];
  readonly jitterRatio: number;
}

/** 4 attempts: retries 60 s, 10 min and 100 min after a failure (each ±20%). */
export const defaultRetrySchedule: RetrySchedule = Object.freeze({
  delaysMs: Object.freeze([60_000, 600_000, 6_000_000]),
  jitterRatio: 0.2,
});

/** Attempts in all, the first one included. */
export function maxAttempts(schedule: RetrySchedule): number {
  return schedule.delaysMs.length + 1;
}

/** A message naming what is wrong with a schedule, or undefined when it is usable. */
export function retryScheduleProblem(schedule: RetrySchedule): string | undefined {
  const badDelay = schedule.delaysMs.find((delay) => !Number.isFinite(delay) || delay < 0);
  if (badDelay !== undefined) {
    return `voicehire-webhooks: retry delays must be finite and >= 0 ms, got ${badDelay}`;
  }
  if (!Number.isFinite(schedule.jitterRatio) || schedule.jitterRatio < 0 || schedule.jitterRatio > 1) {
    return `voicehire-webhooks: the retry jitter ratio must be between 0 and 1, got ${schedule.jitterRatio}`;
  }
  return undefined;
}

/**
 * When the next attempt is due after attempt number `attemptNumberJustMade` (1 for the first) failed
 * at `now`, or `"exhausted"` when that was the last one. `random` returns a number in [0, 1) (inject it
 * in tests). `minimumDelayMs` is a floor the receiver asked for (e.g. its `Retry-After`): the attempt is
 * never due before `now + minimumDelayMs`, but a floor never grants an extra attempt.
 */
export function nextAttemptAt(
  attemptNumberJustMade: number,
  now: EpochMs,
  schedule: RetrySchedule,
  random: () => number,
  minimumDelayMs?: number,
): EpochMs | "exhausted" {
  const baseDelay = schedule.delaysMs[attemptNumberJustMade - 1];
  if (attemptNumberJustMade < 1 || baseDelay === undefined) return "exhausted";
  const spread = schedule.jitterRatio * (2 * random() - 1);
  const jittered = Math.max(0, Math.round(baseDelay * (1 + spread)));
  const delay = Math.max(jittered, minimumDelayMs ?? 0);
  return now + delay;
}
