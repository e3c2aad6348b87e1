/** The value at quantile `q` (0..1) of ascending-sorted `sorted`, by the nearest-rank method. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1] as number;
}

export interface LatencySummary {
  readonly count: number;
  readonly p50Ms: number;
  readonly p90Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly meanMs: number;
}

/**
 * Percentiles of `valuesMs`, with `lost` more samples that never completed counted as infinitely slow
 * (so losing 2% of deliveries makes p99 infinite instead of leaving them out). The mean is of the
 * completed ones. Infinity is written as null in JSON.
 */
export function summarizeLatencies(valuesMs: readonly number[], lost = 0): LatencySummary {
  const completed = [...valuesMs].sort((a, b) => a - b);
  const sorted = [...completed, ...new Array<number>(lost).fill(Number.POSITIVE_INFINITY)];
  const sum = completed.reduce((total, value) => total + value, 0);
  return {
    count: sorted.length,
    p50Ms: round(quantile(sorted, 0.5), 3),
    p90Ms: round(quantile(sorted, 0.9), 3),
    p99Ms: round(quantile(sorted, 0.99), 3),
    maxMs: round(sorted[sorted.length - 1] ?? Number.NaN, 3),
    meanMs: round(completed.length === 0 ? Number.NaN : sum / completed.length, 3),
  };
}

/** `count` per second over `elapsedMs` (0 when nothing was measured). */
export function perSecond(count: number, elapsedMs: number): number {
  return elapsedMs > 0 ? round((count * 1000) / elapsedMs, 1) : 0;
}

export function round(value: number, digits: number): number {
  if (!Number.isFinite(value)) return value;
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
