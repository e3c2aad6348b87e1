import type { AttemptResult, QueueStats } from "../store/port.js";
import { createHistogram } from "./histogram.js";
import { createLabeledCounter } from "./labeled-counter.js";
import { gaugeLines } from "./prometheus-text.js";

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
}

export interface ApiRequestSample {
  readonly method: string;
  /** The route's pattern (`/v1/endpoints/:id`), never the raw URL, so the label set stays bounded. */
  readonly route: string;
  readonly status: number;
}

/**
 * The service's metrics, in memory for this process: counters fed as things happen, gauges read at
 * scrape time. `render` writes the Prometheus text format.
 */
export interface ServiceMetrics {
  /** One finished attempt, once durably recorded: its outcome, error kind, latency and the delivery's next state. */
  recordAttempt(result: AttemptResult): void;
  recordApiRequest(sample: ApiRequestSample): void;
  render(readings: MetricsReadings): string;
}

export function createServiceMetrics(): ServiceMetrics {
  const attempts = createLabeledCounter({
    name: "voicehire_attempts_total",
    help: "Delivery attempts by outcome (succeeded or failed) and error kind (none when it succeeded).",
    labelNames: ["outcome", "error_kind"],
  });
  const finished = createLabeledCounter({
    name: "voicehire_deliveries_finished_total",
    help: "Deliveries that reached a final state (succeeded, or failed after their last attempt), as reported by the workers.",
    labelNames: ["status"],
  });
  const retries = createLabeledCounter({
    name: "voicehire_retries_scheduled_total",
    help: "Failed attempts after which the delivery was scheduled for another attempt.",
    labelNames: [],
  });
  const attemptDuration = createHistogram({
    name: "voicehire_attempt_duration_seconds",
    help: "How long delivery attempts took, from sending the request to judging the answer.",
    buckets: ATTEMPT_DURATION_BUCKETS_SECONDS,
  });
  const apiRequests = createLabeledCounter({
    name: "voicehire_api_requests_total",
    help: "HTTP API requests by method, route pattern and status code.",
    labelNames: ["method", "route", "status"],
  });

  // Series that always exist start at 0, so that `rate()` sees their first increase.
  finished.inc({ status: "succeeded" }, 0);
  finished.inc({ status: "failed" }, 0);
  retries.inc({}, 0);

  return {
    recordAttempt({ attempt, next }) {
      const status = attempt.statusCode;
      const succeeded = attempt.errorKind === null && status !== null && status >= 200 && status < 300;
      attempts.inc({ outcome: succeeded ? "succeeded" : "failed", error_kind: attempt.errorKind ?? "none" });
      attemptDuration.observe(attempt.durationMs / 1000);
      if (next.status === "pending") retries.inc({});
      else finished.inc({ status: next.status });
    },
    recordApiRequest(sample) {
      apiRequests.inc({ method: sample.method, route: sample.route, status: String(sample.status) });
    },
    render(readings) {
      const { queue } = readings;
      const lines = [
        ...attempts.lines(),
        ...finished.lines(),
        ...retries.lines(),
        ...attemptDuration.lines(),
        ...apiRequests.lines(),
        ...gaugeLines(
          "voicehire_store_up",
          "1 when the store answered this scrape, 0 when it did not.",
          queue ? 1 : 0,
        ),
      ];
      if (queue !== null) {
        lines.push(
          ...gaugeLines(
            "voicehire_queue_pending_deliveries",
            "Deliveries not finished yet (due, leased or scheduled later).",
            queue.pending,
          ),
          ...gaugeLines(
            "voicehire_queue_due_deliveries",
            "Pending deliveries due now and not leased: waiting for a worker.",
            queue.due,
          ),
          ...gaugeLines(
            "voicehire_queue_leased_deliveries",
            "Pending deliveries a worker holds a lease on (being attempted).",
            queue.leased,
          ),
          ...gaugeLines(
            "voicehire_queue_oldest_due_age_seconds",
            "How long the oldest due, unleased delivery has been waiting (0 when none is due).",
            queue.oldestDueAt === null ? 0 : Math.max(0, readings.now - queue.oldestDueAt) / 1000,
          ),
        );
      }
      if (readings.openCircuits !== null) {
        lines.push(
          ...gaugeLines(
            "voicehire_open_circuits",
            "Endpoints whose circuit breaker is open (attempts paused).",
            readings.openCircuits,
          ),
        );
      }
      return `${lines.join("\n")}\n`;
    },
  };
}
