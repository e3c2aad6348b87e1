import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { BullmqBaselineResult } from "./bullmq-baseline.js";
import type { ProfileSummary } from "./cpu-profile-summary.js";
import type { IsolationResult } from "./isolation.js";
import type { LatencyResult } from "./latency.js";
import type { MachineFacts } from "./machine-facts.js";
import type { MemoryResult } from "./memory.js";
import type { PostgresWorkersResult } from "./postgres-workers.js";
import type { RawCeilingResult } from "./raw-ceiling.js";
import type { ServiceThroughputResult } from "./service-throughput.js";
import { round } from "./stats.js";

export interface BenchResults {
  readonly startedAt: string;
  readonly command: string;
  readonly mode: "quick" | "full";
  readonly durationS: number;
  /** The service build that was measured, and the VOICEHIRE_* settings it inherited (none: its defaults). */
  readonly serviceCli: string;
  /** The time bound each phase ran with (shrunk from the plan's when the machine was slow). */
  readonly phaseBoundsMs: Readonly<Record<string, number>>;
  readonly serviceEnv: Readonly<Record<string, string>>;
  readonly machine: { readonly atStart: MachineFacts; readonly loadAverageAtEnd: readonly number[] };
  readonly plan: unknown;
  readonly rawCeiling?: RawCeilingResult;
  readonly service?: ServiceThroughputResult;
  readonly postgres?: PostgresWorkersResult;
  readonly bullmq?: BullmqBaselineResult;
  readonly ratios?: { readonly serviceToRaw: number | null; readonly serviceToBullmq: number | null };
  readonly latency?: LatencyResult;
  /** The same at a low rate (no target): pipeline delay without queueing. */
  readonly latencyLowRate?: LatencyResult;
  readonly isolation?: IsolationResult;
  readonly memory?: MemoryResult;
  readonly serviceProfile?: ProfileSummary;
  readonly targets: readonly TargetRow[];
}

export interface TargetRow {
  readonly figure: string;
  readonly measured: string;
  readonly target: string;
  /** null: not measured (or no target). */
  readonly met: boolean | null;
}

const n = (value: number) => Math.round(value).toLocaleString("en-US");

/** A rate, marked when not everything expected arrived within the phase's time bound. */
function rate(perSecond: number, received: number, expected: number): string {
  return received >= expected ? n(perSecond) : `${n(perSecond)} (only ${n(received)}/${n(expected)} arrived)`;
}

export function ratios(
  service: ServiceThroughputResult | undefined,
  raw: RawCeilingResult | undefined,
  bullmq: BullmqBaselineResult | undefined,
): { serviceToRaw: number | null; serviceToBullmq: number | null } {
  const rate = service?.deliveriesPerSecond;
  return {
    serviceToRaw:
      rate !== undefined && raw !== undefined && raw.deliveriesPerSecond > 0
        ? round(rate / raw.deliveriesPerSecond, 3)
        : null,
    serviceToBullmq:
      rate !== undefined && bullmq?.kind === "measured" && bullmq.deliveriesPerSecond > 0
        ? round(rate / bullmq.deliveriesPerSecond, 3)
        : null,
  };
}

/** Every figure with its target (from issue 7) and whether this run met it. */
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
      measured: rate(service.deliveriesPerSecond, service.received, service.deliveriesCreated),
      target: "-",
      met: null,
    });
  }
  if (postgres !== undefined) {
    if ("skipped" in postgres) {
      rows.push({ figure: "PostgreSQL workers (deliveries/s)", measured: "skipped", target: "-", met: null });
    }
    for (const run of "runs" in postgres ? postgres.runs : []) {
      rows.push({
        figure: `PostgreSQL, ${run.workerProcesses} worker process${run.workerProcesses > 1 ? "es" : ""} (deliveries/s)`,
        measured: rate(run.deliveriesPerSecond, run.received, run.deliveriesCreated),
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
      measured: ms(e2e.p50Ms),
      target: "< 3 ms",
      met: e2e.p50Ms < 3,
    });
    rows.push({ figure: "latency p90", measured: ms(e2e.p90Ms), target: "-", met: null });
    rows.push({
      figure: "latency p99",
      measured: `${ms(e2e.p99Ms)}${lost === 0 ? "" : ` (${n(lost)} of ${n(e2e.count)} not received)`}`,
      target: "< 20 ms",
      met: e2e.p99Ms < 20,
    });
  }
  const low = results.latencyLowRate;
  if (low !== undefined) {
    const e2e = low.publishToReceive;
    const ms = (value: number) => (Number.isFinite(value) ? `${value} ms` : "lost");
    rows.push({
      figure: `(info) latency p50 / p99 @ ${n(low.achievedRatePerSecond)} events/s`,
      measured: `${ms(e2e.p50Ms)} / ${ms(e2e.p99Ms)}`,
      target: "-",
      met: null,
    });
  }
  if (isolation !== undefined) {
    const baseline = isolation.noneHanging;
    const baselineComplete = baseline.healthyReceived >= baseline.healthyDeliveriesExpected;
    rows.push({
      figure: `isolation: ${isolation.hanging}/${isolation.endpoints} hang, others keep`,
      measured: `${(isolation.keptShare * 100).toFixed(0)}% (${n(isolation.someHanging.healthyDeliveriesPerSecond)} vs ${n(isolation.noneHanging.healthyDeliveriesPerSecond)}/s)`,
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
  return rows;
}

export function formatTable(rows: readonly TargetRow[]): string {
  const header: TargetRow = { figure: "figure", measured: "measured", target: "target", met: null };
  const metText = (row: TargetRow) =>
    row === header ? "met?" : row.met === null ? "-" : row.met ? "yes" : "NO";
  const all = [header, ...rows];
  const width = (pick: (row: TargetRow) => string) => Math.max(...all.map((row) => pick(row).length));
  const w = [width((r) => r.figure), width((r) => r.measured), width((r) => r.target)];
  const line = (row: TargetRow) =>
    `${row.figure.padEnd(w[0] ?? 0)} | ${row.measured.padStart(w[1] ?? 0)} | ${row.target.padEnd(w[2] ?? 0)} | ${metText(row)}`;
  const rule = `${"-".repeat(w[0] ?? 0)}-+-${"-".repeat(w[1] ?? 0)}-+-${"-".repeat(w[2] ?? 0)}-+-----`;
  return [line(header), rule, ...rows.map(line)].join("\n");
}

export function formatProfile(profile: ProfileSummary): string {
  const lines = profile.top.map(
    (entry) =>
      `  ${(entry.share * 100).toFixed(1).padStart(5)}%  ${String(entry.ms).padStart(6)} ms  ${entry.where}`,
  );
  return [`service CPU profile (${profile.totalMs} ms sampled, ${profile.file}):`, ...lines].join("\n");
}

/** Writes `results/<ISO date>.json` and answers its path. */
export function writeResults(dir: string, results: BenchResults): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${results.startedAt.replace(/:/g, "-")}.json`);
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  return file;
}
