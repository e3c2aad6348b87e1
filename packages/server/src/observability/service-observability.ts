import type { Clock } from "../domain/clock.js";
import type { Store } from "../store/port.js";
import type { StorageRoom } from "../store/storage-room-guard.js";
import type { ApiObservability } from "./api-observability.js";
import { observeStore } from "./observe-store.js";
import type { ReadinessCheck } from "./readiness.js";
import {
  migrationsAppliedCheck,
  storageRoomCheck,
  storeReachableCheck,
  workersRunningCheck,
} from "./readiness-checks.js";
import { createServiceMetrics, type ServiceMetrics } from "./service-metrics.js";

export interface ServiceObservabilityInput {
  /** The store, already migrated (`store.migrate()` resolved). */
  readonly store: Store;
  readonly clock: Clock;
  /** This process runs delivery workers: readiness then requires them running. */
  readonly runsWorkers: boolean;
  /** `VOICEHIRE_METRICS_TOKEN`, or null for an unauthenticated `/metrics`. */
  readonly metricsToken: string | null;
  /** The store's room (`guardStorageRoom`): readiness then fails while it is short of room. */
  readonly storageRoom?: StorageRoom;
}

/** The observability of one service process, built by the composition root (src/app/start-service.ts). */
export interface ServiceObservability {
  readonly metrics: ServiceMetrics;
  /** What the API needs: hand it as `ApiDeps.observability`. */
  readonly api: ApiObservability;
  /** The store to give the workers: it counts the attempt results they record. */
  observe<S extends Store>(store: S): S;
  /** Readiness follows the workers: true once started, false from the moment they stop. */
  setWorkersRunning(running: boolean): void;
}

export function createServiceObservability(input: ServiceObservabilityInput): ServiceObservability {
  // This process's own CPU, memory, GC and event loop too: the service is the only one in it.
  const metrics = createServiceMetrics({ processMetrics: true });
  let workersRunning = false;
  const readinessChecks: ReadinessCheck[] = [
    storeReachableCheck(input.store, input.clock),
    migrationsAppliedCheck(() => true), // `input.store` is migrated before this is built
  ];
  if (input.storageRoom !== undefined) readinessChecks.push(storageRoomCheck(input.storageRoom));
  if (input.runsWorkers) readinessChecks.push(workersRunningCheck(() => workersRunning));

  return {
    metrics,
    api: {
      metrics,
      readinessChecks,
      metricsToken: input.metricsToken,
      openCircuits: () => input.store.countOpenCircuits(),
    },
    observe: (store) => observeStore(store, metrics),
    setWorkersRunning(running) {
      workersRunning = running;
    },
  };
}
