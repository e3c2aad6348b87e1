import type { EpochMs } from "../../domain/types.js";

/**
 * The circuit breaker's shared state (`EndpointRecord.circuit`, rules in `domain/circuit-rule.ts`). It is
 * moved by `recordAttemptResults` and honoured by `claimDueDeliveries`.
 */
export interface EndpointCircuitStore {
  /**
   * A person resent `deliveryId`: when its endpoint's circuit is paused, the pause ends now so that
   * delivery is sent at once as the probe (the endpoint's other deliveries keep waiting for it).
   */
  endCircuitPauseForResend(deliveryId: string, now: EpochMs): Promise<void>;
  /** Endpoints whose circuit is open or half-open, as every worker sees them. */
  countOpenCircuits(): Promise<number>;
}
