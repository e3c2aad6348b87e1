import { describe, expect, it } from "vitest";
import type { AttemptErrorKind } from "../../src/domain/types.js";
import { createServiceMetrics, type MetricsReadings } from "../../src/observability/service-metrics.js";
import type { AttemptResult, NextDeliveryState } from "../../src/store/port.js";
import { parsePrometheus } from "./support/parse-prometheus.js";

const NOW = Date.UTC(2024, 0, 15, 10, 30);

function result(
  statusCode: number | null,
  errorKind: AttemptErrorKind | null,
  durationMs: number,
  next: NextDeliveryState,
): AttemptResult {
  return {
    workerId: "w",
    next,
    attempt: {
      id: "att_1",
      deliveryId: "dlv_1",
      attemptNumber: 1,
      startedAt: NOW,
      durationMs,
      statusCode,
      errorKind,
      errorMessage: errorKind === null ? null : "failed",
      responseExcerpt: null,
    },
  };
}

const queue = { pending: 7, due: 3, leased: 2, oldestDueAt: NOW - 90_000 };
const readings = (overrides: Partial<MetricsReadings> = {}): MetricsReadings => ({
  now: NOW,
  queue,
  openCircuits: null,
  ...overrides,
});

describe("service metrics", () => {
  it("counts attempts by outcome and error kind, finished deliveries, retries and latency", async () => {
    const metrics = createServiceMetrics();
    metrics.recordAttempt(result(200, null, 12, { status: "succeeded" }));
    metrics.recordAttempt(result(503, "http_status", 40, { status: "pending", nextAttemptAt: NOW + 1 }));
    metrics.recordAttempt(result(410, "http_status", 30, { status: "failed" }));
    metrics.recordAttempt(result(null, "timeout", 5_000, { status: "pending", nextAttemptAt: NOW + 1 }));
    const parsed = parsePrometheus(await metrics.render(readings()));

    expect(parsed.value("voicehire_attempts_total", { outcome: "succeeded", error_kind: "none" })).toBe(1);
    expect(parsed.value("voicehire_attempts_total", { outcome: "failed", error_kind: "http_status" })).toBe(
      2,
    );
    expect(parsed.value("voicehire_attempts_total", { outcome: "failed", error_kind: "timeout" })).toBe(1);
    expect(parsed.value("voicehire_deliveries_finished_total", { status: "succeeded" })).toBe(1);
    expect(parsed.value("voicehire_deliveries_finished_total", { status: "failed" })).toBe(1);
    expect(parsed.value("voicehire_retries_scheduled_total")).toBe(2);
    expect(parsed.value("voicehire_attempt_duration_seconds_count")).toBe(4);
    expect(parsed.value("voicehire_attempt_duration_seconds_sum")).toBeCloseTo(5.082, 10);
    expect(parsed.value("voicehire_attempt_duration_seconds_bucket", { le: "0.025" })).toBe(1);
    expect(parsed.value("voicehire_attempt_duration_seconds_bucket", { le: "0.05" })).toBe(3);
    expect(parsed.value("voicehire_attempt_duration_seconds_bucket", { le: "5" })).toBe(4);
    expect(parsed.types.get("voicehire_attempts_total")).toBe("counter");
  });

  it("a 2xx answer recorded with an error kind is not a success (the error kind wins)", async () => {
    const metrics = createServiceMetrics();
    metrics.recordAttempt(result(200, "network", 1, { status: "failed" }));
    const parsed = parsePrometheus(await metrics.render(readings()));
    expect(parsed.value("voicehire_attempts_total", { outcome: "failed", error_kind: "network" })).toBe(1);
    expect(
      parsed.value("voicehire_attempts_total", { outcome: "succeeded", error_kind: "none" }),
    ).toBeUndefined();
  });

  it("writes the queue gauges, the age of the oldest due delivery and the store as up", async () => {
    const parsed = parsePrometheus(await createServiceMetrics().render(readings()));
    expect(parsed.value("voicehire_store_up")).toBe(1);
    expect(parsed.value("voicehire_queue_pending_deliveries")).toBe(7);
    expect(parsed.value("voicehire_queue_due_deliveries")).toBe(3);
    expect(parsed.value("voicehire_queue_leased_deliveries")).toBe(2);
    expect(parsed.value("voicehire_queue_oldest_due_age_seconds")).toBe(90);
    expect(parsed.types.get("voicehire_queue_oldest_due_age_seconds")).toBe("gauge");
    expect(parsed.value("voicehire_open_circuits")).toBeUndefined(); // no source, no series
  });

  it("reports an age of 0 when nothing is due, and open circuits when a source gives them", async () => {
    const parsed = parsePrometheus(
      await createServiceMetrics().render(
        readings({ queue: { ...queue, due: 0, oldestDueAt: null }, openCircuits: 2 }),
      ),
    );
    expect(parsed.value("voicehire_queue_oldest_due_age_seconds")).toBe(0);
    expect(parsed.value("voicehire_open_circuits")).toBe(2);
  });

  it("a store that could not be read is reported down, without queue gauges (never made-up zeros)", async () => {
    const parsed = parsePrometheus(await createServiceMetrics().render(readings({ queue: null })));
    expect(parsed.value("voicehire_store_up")).toBe(0);
    expect(parsed.samples.some((s) => s.name.startsWith("voicehire_queue_"))).toBe(false);
  });

  it("counts API requests by method, route pattern and status", async () => {
    const metrics = createServiceMetrics();
    metrics.recordApiRequest({ method: "GET", route: "/v1/endpoints/:id", status: 404 });
    metrics.recordApiRequest({ method: "GET", route: "/v1/endpoints/:id", status: 404 });
    metrics.recordApiRequest({ method: "POST", route: "/v1/events", status: 202 });
    const parsed = parsePrometheus(await metrics.render(readings()));
    expect(
      parsed.value("voicehire_api_requests_total", {
        method: "GET",
        route: "/v1/endpoints/:id",
        status: "404",
      }),
    ).toBe(2);
    expect(
      parsed.value("voicehire_api_requests_total", { method: "POST", route: "/v1/events", status: "202" }),
    ).toBe(1);
  });
});
