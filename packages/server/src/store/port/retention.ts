import type { EpochMs } from "../../domain/types.js";

/** Deleting old history in small batches, so storage stays bounded. */
export interface RetentionStore {
  /**
   * One batch of retention, in one short transaction. Deletes at most `batchSize` finished deliveries
   * (succeeded, or failed and not recovered since: a recovered one is pending again) created before
   * `olderThan`, oldest first, with their attempts; then the events created before `olderThan` that no
   * delivery references any more (the batch's own, and, once no old finished delivery is left, up to
   * `batchSize` others, e.g. events nobody subscribed to). An idempotency key is deleted in the same
   * transaction as the event it answers with, never before nor after it (so a repeated publish finds
   * both or neither); old keys whose event is already gone go too, up to `batchSize`. A pending
   * delivery and its event are never deleted, whatever their age.
   * Several callers at once (several processes on PostgreSQL) never delete a row twice nor wait on
   * each other's rows. `more` is true when a limit was reached: call again for the rest.
   */
  deleteExpired(input: RetentionInput): Promise<RetentionBatchOutcome>;
}

/** See `RetentionStore.deleteExpired`. */
export interface RetentionInput {
  /** Rows created before this time are expired (`now` minus the retention age). */
  readonly olderThan: EpochMs;
  /** At most this many deliveries, events and idempotency keys each in one call (e.g. 500). */
  readonly batchSize: number;
}

/** What one `deleteExpired` call removed. */
export interface RetentionBatchOutcome {
  readonly deliveries: number;
  readonly attempts: number;
  readonly events: number;
  readonly idempotencyKeys: number;
  /** A limit was reached: more expired rows may be left. */
  readonly more: boolean;
}
