import { setTimeout as delay } from "node:timers/promises";
import type { Clock } from "../domain/clock.js";
import type { Logger } from "../domain/logger.js";
import type { DisabledEndpoint, Store } from "../store/port.js";

export interface EndpointDisablerDeps {
  readonly store: Pick<Store, "disableEndpointsFailingSince">;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Endpoints failing without a success for this long are disabled. */
  readonly afterMs: number;
  /** How often to look. */
  readonly intervalMs: number;
  /** Called for each endpoint this process disabled, after it is logged. */
  readonly onDisabled?: (endpoint: DisabledEndpoint) => void;
}

/**
 * Disables the endpoints failing for too long, now and then every `intervalMs`, until `signal` aborts.
 * Each one is an operational event: a warn log line `endpoint disabled` with its endpoint and account
 * ids, and the `onDisabled` hook. Several processes may run this at once: the store answers each
 * endpoint to one of them only.
 */
export async function runEndpointDisabler(deps: EndpointDisablerDeps, signal: AbortSignal): Promise<void> {
  while (!signal.aborted) {
    await disableFailingEndpoints(deps);
    await delay(deps.intervalMs, undefined, { signal }).catch(() => {});
  }
}

/** One look; answers the endpoints it disabled (none when the store failed: that is logged). */
export async function disableFailingEndpoints(deps: EndpointDisablerDeps): Promise<DisabledEndpoint[]> {
  const now = deps.clock.now();
  let disabled: DisabledEndpoint[];
  try {
    disabled = await deps.store.disableEndpointsFailingSince(now - deps.afterMs, now);
  } catch (error) {
    deps.logger.error(
      { error: error instanceof Error ? error.message : String(error) },
      "could not look for endpoints failing for too long; will look again",
    );
    return [];
  }
  for (const endpoint of disabled) {
    deps.logger.warn(
      {
        event: "endpoint_disabled",
        endpointId: endpoint.endpointId,
        accountId: endpoint.accountId,
        reason: "failing_too_long",
        failingSince: new Date(endpoint.failingSince).toISOString(),
      },
      "endpoint disabled",
    );
    try {
      deps.onDisabled?.(endpoint);
    } catch (error) {
      deps.logger.error(
        { endpointId: endpoint.endpointId, error: error instanceof Error ? error.message : String(error) },
        "the endpoint-disabled hook failed",
      );
    }
  }
  return disabled;
}
