import type { EpochMs } from "../../domain/types.js";

/**
 * Disabling endpoints that keep failing. Their health fields (`EndpointRecord.failingSince`,
 * `lastSuccessAt`, `lastFailureAt`) are kept by `recordAttemptResults`; a disabled endpoint's
 * deliveries are not claimed (see `claimDueDeliveries`).
 */
export interface EndpointHealthStore {
  /**
   * Disables every enabled endpoint (all accounts) whose `failingSince` is at or before `before`, with
   * `disabledReason` "failing_too_long" and `disabledAt` = `now`, and answers them. Each endpoint is
   * answered by one call only, even when several processes call at once. Their pending deliveries are
   * kept (not claimed while disabled).
   */
  disableEndpointsFailingSince(before: EpochMs, now: EpochMs): Promise<DisabledEndpoint[]>;
}

/** An endpoint disabled by `disableEndpointsFailingSince`. */
export interface DisabledEndpoint {
  readonly endpointId: string;
  readonly accountId: string;
  /** Its `failingSince` when it was disabled. */
  readonly failingSince: EpochMs;
}
