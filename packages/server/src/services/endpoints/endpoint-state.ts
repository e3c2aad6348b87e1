import type { EndpointDisabledReason, EndpointRecord, EpochMs } from "../../domain/types.js";

/**
 * An endpoint's state as the API shows it:
 * - `disabled`: it receives nothing (`enabled` false), with why (`user`, or `failing_too_long` when the
 *   worker disabled it after failing for too long) and since when;
 * - `failing`: enabled, and its last attempt failed (it has been failing since `failingSince`; the
 *   circuit breaker only opens after failed attempts, so an open circuit is failing too: see `circuit`);
 * - `active`: enabled, and its last attempt (if any) succeeded.
 */
export type EndpointState =
  | { readonly state: "active" }
  | { readonly state: "failing"; readonly failingSince: EpochMs }
  | {
      readonly state: "disabled";
      readonly disabledReason: EndpointDisabledReason;
      readonly disabledAt: EpochMs;
    };

export function endpointState(endpoint: EndpointRecord): EndpointState {
  if (!endpoint.enabled) {
    return {
      state: "disabled",
      disabledReason: endpoint.disabledReason ?? "user",
      disabledAt: endpoint.disabledAt ?? endpoint.updatedAt,
    };
  }
  if (endpoint.failingSince !== null) return { state: "failing", failingSince: endpoint.failingSince };
  return { state: "active" };
}
