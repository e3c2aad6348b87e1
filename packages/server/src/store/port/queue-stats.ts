import type { EpochMs } from "../../domain/types.js";

/** The size and age of the delivery queue, for /metrics and readiness. */
export interface QueueStatsStore {
  /**
   * The delivery queue at `now`, all accounts. Of the `pending` deliveries, those due at or before `now`
   * are either `due` (no lease, or one ending at `now` at most: what a claim would take; `oldestDueAt` is
   * the earliest of their due times, null when none) or `leased` (a lease ending after `now`). Leases are
   * only taken on due deliveries, so `leased` is every leased delivery.
   */
  queueStats(now: EpochMs): Promise<QueueStats>;
}

/** See `QueueStatsStore.queueStats`. */
export interface QueueStats {
  readonly pending: number;
  readonly due: number;
  readonly oldestDueAt: EpochMs | null;
  readonly leased: number;
}
