import type { Clock } from "../domain/clock.js";
import type { AttemptResult, Store } from "../store/port.js";
import type { StorageRoom } from "../store/storage-room-guard.js";
import type { ApiObservability } from "./api-observability.js";
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
  /**
   * The workers' `onAttemptsRecorded`: counts each attempt result they recorded (outcome, error kind,
   * latency, next state). A metric that fails is lost, never the result (the recorder guards the call).
   */
  countAttempts(results: readonly AttemptResult[]): void;
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
    countAttempts(results) {
      for (const result of results) metrics.recordAttempt(result);
    },
    setWorkersRunning(running) {
      workersRunning = running;
    },
  };
}
