import { cpuBeside, median, n, rate } from "./figure-format.js";
import type { BenchResults, TargetRow } from "./report.js";
import type { ServiceThroughputResult } from "./service-throughput.js";

/** Issue 11: the service's CPU per 1,000 deliveries in the end-to-end scenario (fan-out 4). */
export function serviceCpuRow(service: ServiceThroughputResult): TargetRow {
  const cpu = service.cpuMsPer1000Deliveries;
  return {
    figure: `service CPU per 1,000 deliveries (fan-out ${service.fanOut})`,
    measured: cpu === null ? "n/a" : `${n(cpu)} ms`,
    target: "<= 200 ms",
    met: cpu === null ? null : cpu <= 200,
  };
}

/** Issue 11: single-event publishing on SQLite and PostgreSQL, and batch publishing. */
export function publishingRows(results: Omit<BenchResults, "targets">): TargetRow[] {
  const rows: TargetRow[] = [];
  const { publish, batch, postgres } = results;
  if (publish !== undefined) {
    const failed = publish.publishFailures > 0 ? ` (${n(publish.publishFailures)} failed)` : "";
    rows.push({
      figure: "single-event publishing, SQLite (events/s)",
      measured: `${n(publish.eventsPerSecond)}${failed}${cpuBeside(publish.cpuMsPer1000Events)}`,
      target: ">= 3,000",
      met: publish.eventsPerSecond >= 3000 && publish.publishFailures === 0,
    });
  }
  if (postgres !== undefined && "runs" in postgres) {
    // Each worker-count run starts with the API alone publishing its backlog: the median of those.
    const rates = postgres.runs.map((run) => run.eventsPublishedPerSecond);
    const cpu = median(
      postgres.runs
        .map((run) => run.apiCpuMsPer1000Events)
        .filter((value): value is number => value !== null),
    );
    const value = median(rates);
    rows.push({
      figure: "single-event publishing, PostgreSQL (events/s)",
      measured: value === null ? "n/a" : `${n(value)} (median of ${rates.length})${cpuBeside(cpu)}`,
      target: ">= 1,500",
      met: value === null ? null : value >= 1500,
    });
  }
  if (batch !== undefined) {
    const measured =
      "skipped" in batch
        ? `skipped: ${batch.skipped}`
        : `${n(batch.eventsPerSecond)}${batch.rejectedItems + batch.failedRequests > 0 ? ` (${n(batch.rejectedItems)} rejected, ${n(batch.failedRequests)} requests failed)` : ""}${cpuBeside(batch.cpuMsPer1000Events)}`;
    rows.push({
      figure: `batch publishing, SQLite (events/s${"skipped" in batch ? "" : `, ${batch.batchSize} a request`})`,
      measured,
      target: ">= 20,000",
      met: "skipped" in batch ? null : batch.eventsPerSecond >= 20_000 && batch.rejectedItems === 0,
    });
  }
  return rows;
}

/** Issue 11: throughput with a long history stored, and its ratio to the empty store's. */
export function historyRows(results: Omit<BenchResults, "targets">): TargetRow[] {
  const { history, service } = results;
  if (history === undefined) return [];
  if ("failed" in history) {
    return [
      {
        figure: "service with finished deliveries stored",
        measured: `failed: ${history.failed}`,
        target: "-",
        met: null,
      },
    ];
  }
  const run = history.throughput;
  const ratioTo = (rate: number) => (rate > 0 ? run.deliveriesPerSecond / rate : null);
  const around = history.emptyStoreAround;
  const emptyRate =
    around.length === 0 ? 0 : around.reduce((sum, r) => sum + r.deliveriesPerSecond, 0) / around.length;
  const emptyCpu = around.map((r) => r.cpuMsPer1000Deliveries).filter((c) => c !== null);
  const ratio = ratioTo(emptyRate);
  const toServiceRun = service === undefined ? null : ratioTo(service.deliveriesPerSecond);
  return [
    {
      figure: `service with ${n(history.finishedDeliveries)} finished stored (deliveries/s)`,
      measured:
        rate(run.deliveriesPerSecond, run.received, run.deliveriesCreated) +
        cpuBeside(run.cpuMsPer1000Deliveries),
      target: "-",
      met: null,
    },
    {
      figure: "  ... / empty store, run just before and after",
      measured:
        ratio === null
          ? "n/a"
          : `${ratio.toFixed(2)} (empty: ${around.map((r) => n(Math.round(r.deliveriesPerSecond))).join(", ")}/s` +
            (emptyCpu.length === 0 ? ")" : ` · CPU ${emptyCpu.map((c) => Math.round(c)).join(", ")} ms/1k)`),
      target: ">= 0.85",
      met: ratio === null ? null : ratio >= 0.85,
    },
    {
      figure: "  (info) ... / the service end to end figure above",
      measured: toServiceRun === null ? "n/a" : toServiceRun.toFixed(2),
      target: "-",
      met: null,
    },
    {
      figure: `  (info) writing the ${n(history.finishedDeliveries)} finished deliveries`,
      measured:
        `${(history.prefill.fillMs / 1000).toFixed(1)} s, ${n(history.storeMb)} MB` +
        (history.finishedDeliveries < history.plannedDeliveries
          ? ` (stopped at its time bound: ${n(history.plannedDeliveries)} planned)`
          : ""),
      target: "-",
      met: null,
    },
    {
      figure: "  (info) service start on that store (s)",
      measured: `${(run.serviceStartMs / 1000).toFixed(1)} (empty store: ${around.map((r) => (r.serviceStartMs / 1000).toFixed(1)).join(", ")})`,
      target: "-",
      met: null,
    },
  ];
}
