import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { BatchPublishResult } from "./batch-publish.js";
import type { BullmqBaselineResult } from "./bullmq-baseline.js";
import type { ProfileSummary } from "./cpu-profile-summary.js";
import type { HistoryThroughputResult } from "./history-throughput.js";
import type { IsolationResult } from "./isolation.js";
import type { LatencyResult } from "./latency.js";
import type { MachineFacts } from "./machine-facts.js";
import type { MemoryResult } from "./memory.js";
import type { OrderedDeliveryResult } from "./ordered-delivery.js";
import type { PostgresWorkersResult } from "./postgres-workers.js";
import type { PublishThroughputResult } from "./publish-throughput.js";
import type { RawCeilingResult } from "./raw-ceiling.js";
import type { ServiceThroughputResult } from "./service-throughput.js";
import type { SqliteStorageResult } from "./sqlite-storage.js";
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
  /** Single-event publishing alone (no workers), SQLite. */
  readonly publish?: PublishThroughputResult;
  readonly batch?: BatchPublishResult;
  readonly postgres?: PostgresWorkersResult;
  readonly bullmq?: BullmqBaselineResult;
  readonly ratios?: { readonly serviceToRaw: number | null; readonly serviceToBullmq: number | null };
  readonly latency?: LatencyResult;
  /** The same at a low rate (no target): pipeline delay without queueing. */
  readonly latencyLowRate?: LatencyResult;
  readonly isolation?: IsolationResult;
  readonly memory?: MemoryResult;
  /** Phase 2 again on a store pre-filled with finished deliveries (or why it could not run). */
  readonly history?: HistoryThroughputResult | { readonly failed: string };
  readonly storage?: SqliteStorageResult | { readonly failed: string };
  /** Issue 14: the same load to an endpoint ordered per candidate and to an unordered one. */
  readonly ordered?: OrderedDeliveryResult | { readonly failed: string };
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
