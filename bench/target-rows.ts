import { cpuBeside, n, rate } from "./figure-format.js";
import { orderedRows } from "./ordered-rows.js";
import { historyRows, publishingRows, serviceCpuRow } from "./publishing-rows.js";
import type { BenchResults, TargetRow } from "./report.js";
import { storageRows } from "./storage-rows.js";

/** Every figure with its target (issues 7, 11 and 15) and whether this run met it. */
export function targetRows(results: Omit<BenchResults, "targets">): TargetRow[] {
  const rows: TargetRow[] = [];
  const { rawCeiling, service, postgres, bullmq, latency, isolation, memory } = results;
  if (rawCeiling !== undefined) {
    rows.push({
      figure: "raw-HTTP ceiling (POSTs/s)",
      measured: rate(rawCeiling.deliveriesPerSecond, rawCeiling.received, rawCeiling.requests),
      target: "-",
      met: null,
    });
  }
  if (service !== undefined) {
    rows.push({
      figure: `service end to end (deliveries/s)`,
      measured:
        rate(service.deliveriesPerSecond, service.received, service.deliveriesCreated) +
        cpuBeside(service.cpuMsPer1000Deliveries),
      target: "-",
      met: null,
    });
    rows.push(serviceCpuRow(service));
  }
  rows.push(...publishingRows(results));
  if (postgres !== undefined) {
    if ("skipped" in postgres) {
      rows.push({ figure: "PostgreSQL workers (deliveries/s)", measured: "skipped", target: "-", met: null });
    }
    for (const run of "runs" in postgres ? postgres.runs : []) {
      rows.push({
        figure: `PostgreSQL, ${run.workerProcesses} worker process${run.workerProcesses > 1 ? "es" : ""} (deliveries/s)`,
        measured:
          rate(run.deliveriesPerSecond, run.received, run.deliveriesCreated) +
          cpuBeside(run.workersCpuMsPer1000Deliveries),
        target: "-",
        met: null,
      });
    }
  }
  if (bullmq !== undefined) {
    rows.push({
      figure: "BullMQ baseline (deliveries/s)",
      measured:
        bullmq.kind === "measured"
          ? rate(bullmq.deliveriesPerSecond, bullmq.received, bullmq.jobs)
          : "skipped",
      target: "-",
      met: null,
    });
  }
  const ratio = results.ratios;
  if (ratio !== undefined) {
    rows.push({
      figure: "service / raw ceiling",
      measured: ratio.serviceToRaw === null ? "n/a" : ratio.serviceToRaw.toFixed(2),
      target: ">= 0.50",
      met: ratio.serviceToRaw === null ? null : ratio.serviceToRaw >= 0.5,
    });
    rows.push({
      figure: "service / BullMQ",
      measured: ratio.serviceToBullmq === null ? "n/a" : ratio.serviceToBullmq.toFixed(2),
      target: ">= 1.50",
      met: ratio.serviceToBullmq === null ? null : ratio.serviceToBullmq >= 1.5,
    });
  }
  if (latency !== undefined) {
    const e2e = latency.publishToReceive;
    const ms = (value: number) => (Number.isFinite(value) ? `${value} ms` : "lost");
    const lost = latency.missingReceipts + latency.publishFailures;
    rows.push({
      figure: `latency p50 @ ${n(latency.achievedRatePerSecond)} events/s`,
      measured: `${ms(e2e.p50Ms)}${cpuBeside(latency.cpuMsPer1000Deliveries)}`,
      target: "<= 5 ms",
      met: e2e.p50Ms <= 5,
    });
    rows.push({ figure: "latency p90", measured: ms(e2e.p90Ms), target: "-", met: null });
    rows.push({
      figure: "latency p99",
      measured: `${ms(e2e.p99Ms)}${lost === 0 ? "" : ` (${n(lost)} of ${n(e2e.count)} not received)`}`,
      target: "<= 25 ms",
      met: e2e.p99Ms <= 25,
    });
  }
  const low = results.latencyLowRate;
  if (low !== undefined) {
    const e2e = low.publishToReceive;
    const ms = (value: number) => (Number.isFinite(value) ? `${value} ms` : "lost");
    rows.push({
      figure: `(info) latency p50 / p99 @ ${n(low.achievedRatePerSecond)} events/s`,
      measured: `${ms(e2e.p50Ms)} / ${ms(e2e.p99Ms)}${cpuBeside(low.cpuMsPer1000Deliveries)}`,
      target: "-",
      met: null,
    });
  }
  if (isolation !== undefined) {
    const baseline = isolation.noneHanging;
    const baselineComplete = baseline.healthyReceived >= baseline.healthyDeliveriesExpected;
    rows.push({
      figure: `isolation: ${isolation.hanging}/${isolation.endpoints} hang, others keep`,
      measured:
        `${(isolation.keptShare * 100).toFixed(0)}% (${n(isolation.someHanging.healthyDeliveriesPerSecond)} vs ${n(isolation.noneHanging.healthyDeliveriesPerSecond)}/s)` +
        cpuBeside(isolation.someHanging.cpuMsPer1000Deliveries),
      target: baselineComplete ? ">= 90%" : ">= 90% (run with none hanging incomplete)",
      met: baselineComplete ? isolation.keptShare >= 0.9 : null,
    });
  }
  if (memory !== undefined) {
    rows.push({
      figure: `RSS with ${n(memory.pendingDeliveries)} pending`,
      measured: `${memory.rssMb} MB (peak ${memory.peakRssMb})`,
      target: `< 300 MB @ ${n(memory.targetPending)}`,
      met: memory.peakRssMb < 300 ? (memory.reachedTarget ? true : null) : false,
    });
  }
  rows.push(...historyRows(results), ...storageRows(results), ...orderedRows(results));
  return rows;
}
