export interface RetryPolicy {
  /** Attempts in all, the first included. Default 4. */
  readonly maxAttempts: number;
  /** The first retry waits about this long; each next one twice as long. Default 250 ms. */
  readonly baseDelayMs: number;
  /** No wait is longer than this, `Retry-After` included. Default 10 s. */
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({
  maxAttempts: 4,
  baseDelayMs: 250,
  maxDelayMs: 10_000,
});

/** 5xx, 429 (too many requests) and 408 (request timeout) are worth retrying; other answers are final. */
export function isRetryableStatus(status: number): boolean {
  return status >= 500 || status === 429 || status === 408;
}

/**
 * The wait before retry number `retry` (1 for the first): exponential with "equal jitter" (between half
 * and all of the step), or the server's `Retry-After` seconds when it gives some; capped.
 */
export function retryDelayMs(
  policy: RetryPolicy,
  retry: number,
  random: () => number,
  retryAfter: string | null,
): number {
  const seconds = retryAfter === null ? Number.NaN : Number(retryAfter.trim());
  if (retryAfter !== null && retryAfter.trim() !== "" && Number.isFinite(seconds) && seconds >= 0) {
    return Math.min(policy.maxDelayMs, seconds * 1000);
  }
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return Math.round(step / 2 + (step / 2) * random());
}
