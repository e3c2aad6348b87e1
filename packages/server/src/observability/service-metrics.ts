import { isSuccessStatus } from "@voicehire/webhooks";
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { AttemptResult, QueueStats, StorageUsage } from "../store/port.js";

/** The Prometheus text format's content type (version 0.0.4), as prom-client writes it. */
export const PROMETHEUS_CONTENT_TYPE = Registry.PROMETHEUS_CONTENT_TYPE;

/** Upper bounds of the attempt latency histogram, in seconds (the attempt deadline is 5 s by default). */
export const ATTEMPT_DURATION_BUCKETS_SECONDS = [
  0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
] as const;

/** What a scrape reads at that moment (the counters are kept in memory by `ServiceMetrics`). */
export interface MetricsReadings {
  /** The queue, or null when the store could not be read (then `voicehire_store_up` is 0). */
  readonly queue: QueueStats | null;
  readonly now: number;
  /** Endpoints whose circuit is open, when this process runs workers that keep circuits. */
  readonly openCircuits: number | null;
  /** The store's size and room, when it could be read. */
  readonly storage?: StorageUsage | null;
}

export interface ApiRequestSample {
  readonly method: string;
  /** The route's pattern (`/v1/endpoints/:id`), never the raw URL, so the label set stays bounded. */
  readonly route: string;
  readonly status: number;
}

/**
 * The service's metrics, in memory for this process (prom-client): counters fed as things happen,
 * gauges read at scrape time. `render` writes the Prometheus text format.
 */
export interface ServiceMetrics {
  /** One finished attempt, once durably recorded: its outcome, error kind, latency and the delivery's next state. */
  recordAttempt(result: AttemptResult): void;
  recordApiRequest(sample: ApiRequestSample): void;
  render(readings: MetricsReadings): Promise<string>;
}

export interface ServiceMetricsOptions {
  /**
   * Also prom-client's default metrics of this process (CPU, memory, heap, GC, event-loop lag, handles):
   * for the service's own process only, since they observe the whole process.
   */
  readonly processMetrics?: boolean;
}

/** The gauges of one scrape, in a registry of their own: a series the readings lack is not written at all. */
function scrapeGauges(readings: MetricsReadings): Registry {
  const registry = new Registry();
  const gauge = (name: string, help: string, value: number) =>
    new Gauge({ name, help, registers: [registry] }).set(value);
  const { queue } = readings;
  gauge("voicehire_store_up", "1 when the store answered this scrape, 0 when it did not.", queue ? 1 : 0);
  if (queue !== null) {
    gauge(
      "voicehire_queue_pending_deliveries",
      "Deliveries not finished yet (due, leased or scheduled later).",
      queue.pending,
    );
    gauge(
      "voicehire_queue_due_deliveries",
      "Pending deliveries due now and not leased: waiting for a worker.",
      queue.due,
    );
    gauge(
      "voicehire_queue_leased_deliveries",
      "Pending deliveries a worker holds a lease on (being attempted).",
      queue.leased,
    );
    gauge(
      "voicehire_queue_oldest_due_age_seconds",
      "How long the oldest due, unleased delivery has been waiting (0 when none is due).",
      queue.oldestDueAt === null ? 0 : Math.max(0, readings.now - queue.oldestDueAt) / 1000,
    );
  }
  if (readings.storage != null) {
    gauge(
      "voicehire_store_size_bytes",
      "Bytes the store takes (SQLite: its file and WAL; PostgreSQL: the schema's tables, indexes included).",
      readings.storage.usedBytes,
    );
    if (readings.storage.availableBytes !== null) {
      gauge(
        "voicehire_store_available_bytes",
        "Bytes the store may still grow by before it is full (SQLite: free disk space or page limit).",
        readings.storage.availableBytes,
      );
    }
  }
  if (readings.openCircuits !== null) {
    gauge(
      "voicehire_open_circuits",
      "Endpoints whose circuit breaker is open (attempts paused).",
      readings.openCircuits,
    );
  }
  return registry;
}

export function createServiceMetrics(options: ServiceMetricsOptions = {}): ServiceMetrics {
  // A registry per instance (never prom-client's global one): each service, and each test, counts alone.
  const registry = new Registry();
  const registers = [registry];
  if (options.processMetrics === true) collectDefaultMetrics({ register: registry });
  const attempts = new Counter({
    name: "voicehire_attempts_total",
    help: "Delivery attempts by outcome (succeeded or failed) and error kind (none when it succeeded).",
    labelNames: ["outcome", "error_kind"] as const,
    registers,
  });
  const finished = new Counter({
    name: "voicehire_deliveries_finished_total",
    help: "Deliveries that reached a final state (succeeded, or failed after their last attempt), as reported by the workers.",
    labelNames: ["status"] as const,
    registers,
  });
  const retries = new Counter({
    name: "voicehire_retries_scheduled_total",
    help: "Failed attempts after which the delivery was scheduled for another attempt.",
    registers,
  });
  const attemptDuration = new Histogram({
    name: "voicehire_attempt_duration_seconds",
    help: "How long delivery attempts took, from sending the request to judging the answer.",
    buckets: [...ATTEMPT_DURATION_BUCKETS_SECONDS],
    registers,
  });
  const apiRequests = new Counter({
    name: "voicehire_api_requests_total",
    help: "HTTP API requests by method, route pattern and status code.",
    labelNames: ["method", "route", "status"] as const,
    registers,
  });

  // Series that always exist start at 0, so that `rate()` sees their first increase.
  finished.inc({ status: "succeeded" }, 0);
  finished.inc({ status: "failed" }, 0);

  return {
    recordAttempt({ attempt, next }) {
      const status = attempt.statusCode;
      const succeeded = attempt.errorKind === null && status !== null && isSuccessStatus(status);
      attempts.inc({ outcome: succeeded ? "succeeded" : "failed", error_kind: attempt.errorKind ?? "none" });
      if (Number.isFinite(attempt.durationMs)) attemptDuration.observe(attempt.durationMs / 1000);
      if (next.status === "pending") retries.inc();
      else finished.inc({ status: next.status });
    },
    recordApiRequest(sample) {
      apiRequests.inc({ method: sample.method, route: sample.route, status: String(sample.status) });
    },
    async render(readings) {
      return Registry.merge([registry, scrapeGauges(readings)]).metrics();
    },
  };
}
