import type { Clock } from "../domain/clock.js";
import type { Logger } from "../domain/logger.js";
import type { Store } from "../store/port.js";
import type { MetricsReadings } from "./service-metrics.js";
import { describeFailure, settleWithin } from "./settle-within.js";

/** Where a scrape reads the gauges from. */
export interface MetricsSources {
  /** `storageUsage`, when the store has it, gives the store's size gauges. */
  readonly store: Pick<Store, "queueStats"> & Partial<Pick<Store, "storageUsage">>;
  readonly clock: Clock;
  /** Endpoints whose circuit is open (the store's shared state); null when unknown. */
  readonly openCircuits: () => number | null | Promise<number | null>;
  readonly logger: Logger;
}

/** A scrape waits this long for the store; past it, the store is reported down (never a hung scrape). */
export const STORE_READ_TIMEOUT_MS = 2_000;

/** Reads the gauges of one scrape. A store that fails or hangs is reported down, never a failed scrape. */
export async function readMetrics(
  sources: MetricsSources,
  timeoutMs: number = STORE_READ_TIMEOUT_MS,
): Promise<MetricsReadings> {
  const now = sources.clock.now();
  const queue = await settleWithin(() => sources.store.queueStats(now), timeoutMs);
  if (queue.kind !== "done") {
    sources.logger.warn(
      { error: describeFailure(queue, timeoutMs) },
      "/metrics could not read the delivery queue",
    );
  }
  const circuits = await settleWithin(async () => sources.openCircuits(), timeoutMs);
  const openCircuits = circuits.kind === "done" ? circuits.value : null;
  const readUsage = sources.store.storageUsage;
  const storage = readUsage === undefined ? undefined : await settleWithin(() => readUsage(), timeoutMs);
  return {
    now,
    queue: queue.kind === "done" ? queue.value : null,
    openCircuits,
    storage: storage?.kind === "done" ? storage.value : null,
  };
}
