import type { Clock } from "../domain/clock.js";
import type { Store } from "../store/port.js";
import type { ApiObservability } from "./api-observability.js";
import { observeStore } from "./observe-store.js";
import type { ReadinessCheck } from "./readiness.js";
import { migrationsAppliedCheck, storeReachableCheck, workersRunningCheck } from "./readiness-checks.js";
import { createServiceMetrics, type ServiceMetrics } from "./service-metrics.js";

export interface ServiceObservabilityInput {
  /** The store, already migrated (`store.migrate()` resolved). */
  readonly store: Store;
  readonly clock: Clock;
  /** This process runs delivery workers: readiness then requires them running. */
  readonly runsWorkers: boolean;
  /** `VOICEHIRE_METRICS_TOKEN`, or null for an unauthenticated `/metrics`. */
  readonly metricsToken: string | null;
}

/** Something that may keep circuit breakers (a worker's `openCircuits()`). */
interface MayCountOpenCircuits {
  readonly openCircuits?: unknown;
}

/** The observability of one service process, built by the composition root (src/app/start-service.ts). */
export interface ServiceObservability {
  readonly metrics: ServiceMetrics;
  /** What the API needs: hand it as `ApiDeps.observability`. */
  readonly api: ApiObservability;
  /** The store to give the workers: it counts the attempt results they record. */
  observe<S extends Store>(store: S): S;
  /** `/metrics` reports `voicehire_open_circuits` from this worker, when it keeps circuits. */
  readCircuitsOf(worker: object): void;
  /** Readiness follows the workers: true once started, false from the moment they stop. */
  setWorkersRunning(running: boolean): void;
}

/** A count, whether the source answers a number or a collection (of endpoint ids, say). */
function countOf(value: unknown): number | null {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (Array.isArray(value)) return value.length;
  if (value instanceof Set || value instanceof Map) return value.size;
  return null;
}

export function createServiceObservability(input: ServiceObservabilityInput): ServiceObservability {
  // This process's own CPU, memory, GC and event loop too: the service is the only one in it.
  const metrics = createServiceMetrics({ processMetrics: true });
  let workersRunning = false;
  let openCircuits: () => number | null = () => null;
  const readinessChecks: ReadinessCheck[] = [
    storeReachableCheck(input.store, input.clock),
    migrationsAppliedCheck(() => true), // `input.store` is migrated before this is built
  ];
  if (input.runsWorkers) readinessChecks.push(workersRunningCheck(() => workersRunning));

  return {
    metrics,
    api: {
      metrics,
      readinessChecks,
      metricsToken: input.metricsToken,
      openCircuits: () => openCircuits(),
    },
    observe: (store) => observeStore(store, metrics),
    readCircuitsOf(worker) {
      const read = (worker as MayCountOpenCircuits).openCircuits;
      if (typeof read === "function") openCircuits = () => countOf(read.call(worker));
    },
    setWorkersRunning(running) {
      workersRunning = running;
    },
  };
}
