import { createApi } from "../api/create-api.js";
import { ConfigError, type ServiceConfig } from "../config/service-config.js";
import type { DeliverySender } from "../delivery/sender.js";
import { type DeliverySettings, defaultDeliverySettings } from "../delivery/settings.js";
import { createThreadedSender } from "../delivery/threaded-sender.js";
import { createDeliveryWorker, type DeliveryWorker } from "../delivery/worker.js";
import { type Clock, systemClock } from "../domain/clock.js";
import type { Logger } from "../domain/logger.js";
import { createSecretBox } from "../domain/secret-box.js";
import { createServiceObservability } from "../observability/service-observability.js";
import { type RetentionRunner, startRetentionRunner } from "../retention/retention-runner.js";
import { retentionSettingsFor } from "../retention/retention-settings.js";
import { guardStorageRoom } from "../store/storage-room-guard.js";
import { addressPolicyFor } from "./address-policy-for.js";
import { acquireDataDirLock, type DataDirLock } from "./data-dir-lock.js";
import { announceDevelopmentKey } from "./dev-bootstrap.js";
import { loadMasterKey } from "./master-key.js";
import { startMetricsServer } from "./metrics-server.js";
import { openConfiguredStore } from "./open-store.js";

export interface RunningService {
  /** The API's base URL, when this process serves the API. */
  readonly url: string | null;
  /** Stops taking requests, finishes or gives back in-flight deliveries, closes the store. */
  stop(): Promise<void>;
}

export interface StartOptions {
  readonly logger: Logger;
  /** Where the start-up lines go; by default they are `info` lines of the logger. */
  readonly print?: (line: string) => void;
  readonly clock?: Clock;
}

/**
 * A lease must outlast an attempt (its deadline) with room to record it, or a claim waiting for its
 * endpoint's slot would be let go unsent. Unless set, the lease grows with a longer deadline.
 */
function leaseMsFor(config: ServiceConfig): number {
  const attemptTimeoutMs = config.attemptTimeoutMs ?? defaultDeliverySettings.attemptTimeoutMs;
  const shortest = 2 * attemptTimeoutMs + 5000;
  if (config.leaseMs === null) return Math.max(defaultDeliverySettings.leaseMs, shortest);
  if (config.leaseMs < shortest) {
    throw new ConfigError(
      "VOICEHIRE_LEASE",
      `must be at least twice the attempt deadline plus 5 s (${shortest} ms)`,
    );
  }
  return config.leaseMs;
}

function deliverySettingsFor(config: ServiceConfig): DeliverySettings {
  return {
    ...defaultDeliverySettings,
    ...(config.attemptTimeoutMs === null ? {} : { attemptTimeoutMs: config.attemptTimeoutMs }),
    leaseMs: leaseMsFor(config),
    ...(config.retryDelaysMs === null
      ? {}
      : { retrySchedule: { ...defaultDeliverySettings.retrySchedule, delaysMs: config.retryDelaysMs } }),
  };
}

/** The composition root: builds every part from the resolved configuration and starts them. */
export async function startService(config: ServiceConfig, options: StartOptions): Promise<RunningService> {
  const { logger } = options;
  const print = options.print ?? ((line: string) => logger.info({}, line));
  const clock = options.clock ?? systemClock;
  const embedded = config.databaseUrl === null;
  const lock: DataDirLock | null = embedded ? acquireDataDirLock(config.dataDir) : null;
  let startedSender: DeliverySender | undefined; // its thread is ended if starting fails further on
  try {
    const masterKey = loadMasterKey(config.masterKey);
    if (masterKey.created) print(`created a development master key in ${config.dataDir}`);
    const secretBox = createSecretBox(masterKey.key);
    const opened = await openConfiguredStore(config, { logger });
    const { description } = opened;
    // Every part writes through the guard: it refuses in time what the store would have no room for.
    const { store, room: storageRoom } = guardStorageRoom(opened.store, config.storageRoom);
    // The embedded store has one owner (the lock above): leases of a dead predecessor are given back now.
    if (embedded) await store.releaseAllLeases();
    print(`${config.dev ? "development mode, " : ""}store: ${description}`);

    const observability = createServiceObservability({
      store,
      clock,
      runsWorkers: config.runWorkers,
      metricsToken: config.metricsToken,
      storageRoom,
    });
    const settings = deliverySettingsFor(config);
    let worker: DeliveryWorker | null = null;
    // One sender for the workers and the API's "Tester" (POST /v1/endpoints/{id}/test): same SSRF guard.
    const addressPolicy = addressPolicyFor(config);
    const sender = createThreadedSender({
      timeoutMs: settings.attemptTimeoutMs,
      excerptBytes: settings.responseExcerptBytes,
      connectionsPerEndpoint: settings.maxInFlightPerEndpoint,
      addressPolicy,
      onThreadFailure: (error) =>
        logger.error({ err: error }, "the sending thread stopped; another is started"),
    });
    startedSender = sender;
    if (config.runWorkers) {
      worker = createDeliveryWorker({
        store,
        sender,
        secretBox,
        clock,
        logger,
        settings,
        // What the worker's recorder wrote is what /metrics counts.
        onAttemptsRecorded: (results) => observability.countAttempts(results),
      });
    }

    let url: string | null = null;
    const api = config.runApi
      ? createApi({
          store,
          clock,
          secretBox,
          logger,
          developmentMode: config.dev,
          bodyLimitBytes: config.bodyLimitBytes,
          onPublished: () => worker?.wake(),
          testSender: sender,
          userAgent: settings.userAgent,
          storageRoom,
          observability: observability.api,
        })
      : null;
    if (api !== null) {
      const address = await api.listen({ host: config.host, port: config.port });
      url = address.replace("[::1]", "127.0.0.1");
      // Only once the port is ours: a busy port must leave nothing created behind.
      if (config.dev) await announceDevelopmentKey({ store, clock }, config.dataDir, print);
      print(`listening on ${url}`);
    }
    const metricsServer =
      !config.runApi && config.metricsPort !== null
        ? await startMetricsServer(
            { store, clock, logger, observability: observability.api },
            { host: config.host, port: config.metricsPort },
          )
        : null;
    if (metricsServer !== null) print(`metrics on ${metricsServer.url}/metrics`);
    // Workers of other processes (PostgreSQL) are woken by NOTIFY; their idle poll covers lost notices.
    // An outage is logged when it starts and when it ends, not at every reconnection attempt (one a second).
    if (worker !== null && opened.kind === "postgres") {
      const wakeable = worker;
      let listenLost = false;
      await opened.store.listenForWork(
        () => wakeable.wake(),
        (error) => {
          if (listenLost) {
            logger.debug({ error: error.message }, "LISTEN connection still down");
            return;
          }
          listenLost = true;
          logger.warn({ error: error.message }, "LISTEN connection lost; reconnecting");
        },
        () => {
          listenLost = false;
          logger.info({}, "LISTEN connection back; listening for work again");
        },
      );
    }
    // One retention runner per API process; on PostgreSQL several share the work without colliding.
    const retention: RetentionRunner | null =
      config.runApi && config.retentionMs !== null
        ? startRetentionRunner({
            store,
            clock,
            logger,
            settings: retentionSettingsFor(config.retentionMs, config.retentionIntervalMs),
          })
        : null;
    worker?.start();
    observability.setWorkersRunning(worker !== null);
    if (worker !== null) print(`delivering (worker ${worker.workerId})`);

    return {
      url,
      async stop() {
        observability.setWorkersRunning(false); // not ready from now on
        await retention?.stop();
        await api?.close();
        await metricsServer?.close();
        await worker?.stop();
        await sender.close();
        await store.close();
        lock?.release();
      },
    };
  } catch (error) {
    await startedSender?.close();
    lock?.release();
    throw error;
  }
}
