import type { DeliveryStatus, EpochMs } from "../../domain/types.js";

/**
 * Counts of deliveries and attempts, for health, metrics and the dashboard's charts. They count what the
 * workers attempt: a pull endpoint's deliveries are kept for reading, never attempted, so none of them is
 * a success (or a failure) here; `getPullBacklog` says how many are not yet read.
 */
export interface DeliveryStatisticsStore {
  /** Counts of every push delivery by status, all accounts (health, metrics, tests). */
  countDeliveriesByStatus(): Promise<Record<DeliveryStatus, number>>;
  /**
   * Attempts of the endpoint's non-test deliveries started at or after each time of `since` (one count per
   * time, in the same order), and how many answered 2xx. Undefined when there is no such endpoint.
   */
  countEndpointAttempts(
    accountId: string,
    endpointId: string,
    since: readonly EpochMs[],
  ): Promise<AttemptCounts[] | undefined>;
  /**
   * The account's non-test push deliveries created in `[from, until)`, counted by current status per bucket of
   * `bucketMs` starting at `from` (bucket `i` starts at `from + i * bucketMs`); empty buckets are left out.
   */
  countDeliveriesOverTime(accountId: string, query: DeliverySeriesQuery): Promise<DeliveryBucketCount[]>;
}

export interface AttemptCounts {
  readonly attempts: number;
  /** Attempts answered with a 2xx status. */
  readonly succeeded: number;
}

export interface DeliverySeriesQuery {
  readonly from: EpochMs;
  readonly until: EpochMs;
  readonly bucketMs: number;
  readonly endpointId?: string;
}

export interface DeliveryBucketCount {
  /** The bucket's start time. */
  readonly start: EpochMs;
  /** `failing`: pending after a failed attempt (counted apart from the other pending ones). */
  readonly status: DeliveryStatus | "failing";
  readonly count: number;
}
