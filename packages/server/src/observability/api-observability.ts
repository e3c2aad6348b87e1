import type { Clock } from "../domain/clock.js";
import type { Store } from "../store/port.js";
import type { ReadinessCheck } from "./readiness.js";
import { storeReachableCheck } from "./readiness-checks.js";
import { createServiceMetrics, type ServiceMetrics } from "./service-metrics.js";

/** What the health and metrics routes of the API need (see `ApiDeps.observability`). */
export interface ApiObservability {
  /** Where API requests are counted and `/metrics` is rendered from (shared with the workers' `countAttempts`). */
  readonly metrics: ServiceMetrics;
  /** The checks of `GET /readyz`: store reachable, migrations applied, room in the store, workers running (when any). */
  readonly readinessChecks: readonly ReadinessCheck[];
  /** When set, `GET /metrics` needs `Authorization: Bearer <token>` (`VOICEHIRE_METRICS_TOKEN`). */
  readonly metricsToken: string | null;
  /** Endpoints whose circuit is open or half-open, as the store keeps them for every worker. */
  readonly openCircuits: () => number | null | Promise<number | null>;
}

interface ObservedDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly observability?: ApiObservability;
}

const defaults = new WeakMap<object, ApiObservability>();

/**
 * The observability the API was given, or (an API made without it, as in tests) one of its own: fresh
 * metrics, readiness on the store alone, `/metrics` open. Always the same object for the same deps, so
 * that the routes registered separately share it.
 */
export function observabilityOf(deps: ObservedDeps): ApiObservability {
  if (deps.observability !== undefined) return deps.observability;
  let own = defaults.get(deps);
  if (own === undefined) {
    own = {
      metrics: createServiceMetrics(),
      readinessChecks: [storeReachableCheck(deps.store, deps.clock)],
      metricsToken: null,
      openCircuits: () => deps.store.countOpenCircuits(),
    };
    defaults.set(deps, own);
  }
  return own;
}
