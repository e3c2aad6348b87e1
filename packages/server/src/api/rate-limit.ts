/**
 * Token buckets, one per key (an API key id): a bucket holds up to `burst` tokens, refills at
 * `requestsPerSecond`, and each request takes one. An empty bucket refuses and says when the next token
 * comes. Pure and in-process: time is passed in (monotonic milliseconds), nothing is shared between
 * processes (each API process limits on its own).
 */
export interface RateLimitSettings {
  /** Sustained requests per second a key may make. */
  readonly requestsPerSecond: number;
  /** How many requests a key may make at once after being idle (the bucket's size). */
  readonly burst: number;
}

export type TakeOutcome =
  | { readonly allowed: true; readonly remaining: number }
  | { readonly allowed: false; readonly retryAfterMs: number };

export interface TokenBuckets {
  take(key: string, now: number): TakeOutcome;
  /** Buckets currently held in memory (full buckets are forgotten: a new one is identical). */
  size(): number;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/** Above this many buckets, the full ones are dropped before adding another. */
const SWEEP_THRESHOLD = 10_000;

export function checkRateLimitSettings(settings: RateLimitSettings, name: string): void {
  const { requestsPerSecond, burst } = settings;
  if (!(Number.isFinite(requestsPerSecond) && requestsPerSecond > 0)) {
    throw new Error(
      `voicehire-webhooks: ${name}.requestsPerSecond must be a number > 0, got ${requestsPerSecond}`,
    );
  }
  if (!(Number.isInteger(burst) && burst >= 1)) {
    throw new Error(`voicehire-webhooks: ${name}.burst must be an integer >= 1, got ${burst}`);
  }
}

export function createTokenBuckets(settings: RateLimitSettings): TokenBuckets {
  checkRateLimitSettings(settings, "rate limit");
  const { requestsPerSecond, burst } = settings;
  const perMs = requestsPerSecond / 1000;
  const buckets = new Map<string, Bucket>();

  const refilled = (bucket: Bucket, now: number): number =>
    // A clock going backwards refills nothing (and never empties a bucket).
    Math.min(burst, bucket.tokens + Math.max(0, now - bucket.updatedAt) * perMs);

  function sweep(now: number): void {
    for (const [key, bucket] of buckets) {
      if (refilled(bucket, now) >= burst) buckets.delete(key);
    }
  }

  return {
    take(key, now) {
      let bucket = buckets.get(key);
      if (bucket === undefined) {
        if (buckets.size >= SWEEP_THRESHOLD) sweep(now);
        bucket = { tokens: burst, updatedAt: now };
        buckets.set(key, bucket);
      }
      bucket.tokens = refilled(bucket, now);
      bucket.updatedAt = Math.max(now, bucket.updatedAt);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return { allowed: true, remaining: Math.floor(bucket.tokens) };
      }
      return { allowed: false, retryAfterMs: Math.ceil((1 - bucket.tokens) / perMs) };
    },
    size: () => buckets.size,
  };
}
