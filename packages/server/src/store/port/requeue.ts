import type { DeliveryRecord, EpochMs, RecoveryRecord } from "../../domain/types.js";

/** Sending deliveries again: one by hand (resend), or an endpoint's failures in bulk (recovery). */
export interface RequeueStore {
  /**
   * Makes the delivery `pending` again, due at `now`, with a fresh retry budget (`retryBudgetStart` = its
   * attempts so far). When it is leased (an attempt in flight), the lease is kept and the request is
   * remembered instead: the holder's result then leaves it pending, due at `now`, with a fresh budget
   * starting after that attempt (see `recordAttemptResults`), so the resend is never lost.
   */
  resendDelivery(accountId: string, deliveryId: string, now: EpochMs): Promise<ResendOutcome>;
  /**
   * Starts a recovery of the endpoint's failed, non-test deliveries whose event happened in `[since,
   * until)`, counting them (`total`). When a `running` recovery of the same endpoint and window exists,
   * answers it instead (idempotent). Undefined when there is no such endpoint.
   */
  startRecovery(input: RecoveryStart): Promise<RecoveryRecord | undefined>;
  /**
   * One batch of a recovery, in one transaction: up to `batchSize` more of its deliveries (in id order,
   * after the last batch's) that are still failed become pending, due at `now`, with a fresh retry
   * budget. A delivery of the window in flight (pending and leased: its last attempt may be failing) is
   * taken as well and re-queued right after that attempt, like a resend (see `resendDelivery`). It is
   * `done` when no delivery is left, or when its endpoint was deleted. Callers may run batches of one
   * recovery at once: each delivery is counted and re-queued once.
   * Undefined when there is no such recovery.
   */
  advanceRecovery(
    accountId: string,
    recoveryId: string,
    batchSize: number,
    now: EpochMs,
  ): Promise<RecoveryRecord | undefined>;
  getRecovery(accountId: string, recoveryId: string): Promise<RecoveryRecord | undefined>;
}

export type ResendOutcome =
  | { readonly kind: "resent"; readonly delivery: DeliveryRecord }
  | { readonly kind: "not_found" }
  /** A test delivery is never sent again. */
  | { readonly kind: "test_delivery" }
  /** Its endpoint was deleted. */
  | { readonly kind: "endpoint_deleted" };

export interface RecoveryStart {
  /** A new `rcv_` id, used unless a running recovery of the same endpoint and window exists. */
  readonly id: string;
  readonly accountId: string;
  readonly endpointId: string;
  readonly since: EpochMs;
  readonly until: EpochMs;
  readonly now: EpochMs;
}
