import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import type { Clock } from "../domain/clock.js";
import type { Logger } from "../domain/logger.js";
import type { SecretBox } from "../domain/secret-box.js";
import type { AttemptResult, DisabledEndpoint, Store } from "../store/port.js";
import { runClaimLoop } from "./claim-loop.js";
import { createClaimReleaser } from "./claim-releaser.js";
import { runEndpointDisabler } from "./endpoint-disabler.js";
import { createInFlightSet } from "./in-flight-set.js";
import { createAttemptMaker } from "./make-attempt.js";
import { createResultRecorder } from "./result-recorder.js";
import type { DeliverySender } from "./sender.js";
import { type DeliverySettings, deliverySettingsProblem } from "./settings.js";
import { runStrandedKeyReleaser } from "./stranded-key-releaser.js";
import { createWakeSignal } from "./wake-signal.js";
import { finishWork } from "./worker-shutdown.js";

export interface DeliveryWorkerDeps {
  readonly store: Store;
  readonly sender: DeliverySender;
  readonly secretBox: SecretBox;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly settings: DeliverySettings;
  /** Names this worker's leases; unique per process. Default: host, pid and a random suffix. */
  readonly workerId?: string;
  /** Jitter source for the retry schedule, [0, 1). Default `Math.random`. */
  readonly random?: () => number;
  /** Called for each endpoint this worker disabled for failing too long (after the warn log line). */
  readonly onEndpointDisabled?: (endpoint: DisabledEndpoint) => void;
  /** The metrics hook: called with each group of attempt results once written (once each; see the recorder). */
  readonly onAttemptsRecorded?: (results: readonly AttemptResult[]) => void;
}

export interface DeliveryWorker {
  readonly workerId: string;
  /**
   * Starts the claim loop, the periodic disabling of failing endpoints and the periodic release of
   * ordering keys a stopped process left without a head (once; later calls do nothing).
   */
  start(): void;
  /** Something may be due now (the publisher just stored deliveries): look without waiting. */
  wake(): void;
  /** Stops claiming, waits for the POSTs in flight (bounded), records them and gives back its leases. */
  stop(): Promise<void>;
}

/**
 * The worker, top-down: the claim loop (`claim-loop.ts`) claims what can be sent now and hands it to
 * the in-flight set (`in-flight-set.ts`), which sends it within each endpoint's share and gives each
 * finished attempt to the recorder (`result-recorder.ts`); the recorder group-commits the results,
 * counts them for the metrics hook, and reports back to the in-flight set, which lets the deliveries
 * go and wakes the loop. `stop` ends the loop, then `finishWork` (`worker-shutdown.ts`) waits for the
 * POSTs, records them and gives back the leases.
 */
export function createDeliveryWorker(deps: DeliveryWorkerDeps): DeliveryWorker {
  const { store, clock, logger, settings } = deps;
  const problem = deliverySettingsProblem(settings);
  if (problem !== undefined) throw new Error(problem);
  const workerId = deps.workerId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const makeAttempt = createAttemptMaker({
    sender: deps.sender,
    secretBox: deps.secretBox,
    clock,
    userAgent: settings.userAgent,
    workerId,
    retry: {
      schedule: settings.retrySchedule,
      random: deps.random ?? Math.random,
      retryAfterCapMs: settings.maxRetryAfterMs,
    },
    test: false,
  });
  const signal = createWakeSignal(clock);
  const stopping = new AbortController();
  const releaser = createClaimReleaser(store, workerId, logger);
  const recorder = createResultRecorder({
    store,
    logger,
    maxDelayMs: settings.recordBatchMaxDelayMs,
    maxBatch: Math.max(settings.claimBatchSize, 1),
    ...(deps.onAttemptsRecorded === undefined ? {} : { countRecorded: deps.onAttemptsRecorded }),
    onRecorded: (results) => inFlight.recorded(results),
    onDropped: (results) => inFlight.dropped(results),
  });
  const inFlight = createInFlightSet({
    settings,
    clock,
    logger,
    makeAttempt,
    recorder,
    releaser,
    signal,
    stopping: stopping.signal,
  });
  let loop: Promise<void> | undefined;
  let disabler: Promise<void> | undefined;
  let strandedKeys: Promise<void> | undefined;
  let stopped: Promise<void> | undefined;

  function onEndpointDisabled(endpoint: DisabledEndpoint): void {
    inFlight.dropWaitingOf(endpoint.endpointId);
    deps.onEndpointDisabled?.(endpoint);
  }

  async function stopNow(): Promise<void> {
    stopping.abort();
    signal.close();
    await Promise.all([loop, disabler, strandedKeys]);
    inFlight.letGoWaiting();
    await finishWork({
      workerId,
      store,
      logger,
      sending: inFlight.sending,
      recorder,
      releaser,
      graceMs: settings.attemptTimeoutMs + 1000,
    });
  }

  return {
    workerId,
    start() {
      if (loop !== undefined || stopping.signal.aborted) return;
      loop = runClaimLoop(
        { store, settings, clock, logger, workerId, inFlight, recorder, signal },
        stopping.signal,
      );
      disabler = runEndpointDisabler(
        {
          store,
          clock,
          logger,
          afterMs: settings.autoDisableAfterMs,
          intervalMs: settings.autoDisableCheckIntervalMs,
          onDisabled: onEndpointDisabled,
        },
        stopping.signal,
      );
      strandedKeys = runStrandedKeyReleaser(
        { store, clock, logger, onReleased: () => signal.wake() },
        stopping.signal,
      );
    },
    wake() {
      signal.wake();
    },
    stop() {
      stopped ??= stopNow();
      return stopped;
    },
  };
}
