/**
 * `npm run bench`: the VoiceHire Webhooks benchmark (issues 7, 11 and 15). See bench/README.md.
 *
 *   tsx bench/run.ts [--quick] [--profile] [--compare [file]] [--only raw,service,bullmq,publish,batch,postgres,...,ordered]
 *
 * Everything runs on this machine's loopback, in one go, with bounded counts and times. Progress goes
 * to stderr; the summary table to stdout; every figure to bench/results/<ISO date>.json.
 */
import { mkdirSync } from "node:fs";
import { loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { measureBatchPublish } from "./batch-publish.js";
import { PHASES, type Phase, parseArgs } from "./bench-args.js";
import { benchPlan, runBudgetMs } from "./bench-plan.js";
import { measureBullmqBaseline } from "./bullmq-baseline.js";
import { CLI_PATH } from "./cli-process.js";
import { formatComparison, previousResultsFile } from "./compare.js";
import { mainThreadProfile, summarizeCpuProfile } from "./cpu-profile-summary.js";
import { measureHistoryThroughput } from "./history-throughput.js";
import { measureIsolation } from "./isolation.js";
import { measureLatency } from "./latency.js";
import { machineFacts } from "./machine-facts.js";
import { measureMemory } from "./memory.js";
import { measureOrderedDelivery } from "./ordered-delivery.js";
import { measurePostgresWorkers } from "./postgres-workers.js";
import { measurePublishThroughput } from "./publish-throughput.js";
import { measureRawCeiling } from "./raw-ceiling.js";
import { startReceiver } from "./receiver-client.js";
import { type BenchResults, formatProfile, formatTable, ratios, writeResults } from "./report.js";
import { measureServiceThroughput } from "./service-throughput.js";
import { measureSqliteStorage } from "./sqlite-storage.js";
import { targetRows } from "./target-rows.js";

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const plan = benchPlan(args.quick);
  const startedAt = new Date().toISOString();
  const began = Date.now();
  const atStart = machineFacts();
  const resultsDir = fileURLToPath(new URL("./results/", import.meta.url));
  process.stderr.write(
    `voicehire-webhooks bench (${plan.mode}): ${atStart.cpus} CPUs, node ${atStart.node}, ` +
      `load average ${atStart.loadAverage.join(" ")}\n`,
  );

  const receiver = await startReceiver();
  const partial: { -readonly [K in keyof BenchResults]?: BenchResults[K] } = {};
  const runDeadline = began + runBudgetMs(plan);
  const phaseBoundsMs: Partial<Record<Phase, number>> = {};
  /**
   * The time bound of `phase`: its planned bound, shrunk on a slow (loaded) machine so that the phases
   * still to come share what is left of the run's budget, never below a floor. `parts`: how many
   * bounded runs the phase makes (isolation makes two).
   */
  const boundFor = (phase: Phase, planned: number, parts = 1): number => {
    const left = PHASES.filter(
      (name) => args.only.has(name) && PHASES.indexOf(name) >= PHASES.indexOf(phase),
    );
    const share = (runDeadline - Date.now()) / Math.max(1, left.length) / parts;
    const bound = Math.round(Math.max(plan.minPhaseTimeoutMs, Math.min(planned, share)));
    phaseBoundsMs[phase] = bound;
    return bound;
  };
  const shouldRun = (phase: Phase): boolean => args.only.has(phase);
  try {
    const ports = await receiver.listen(Math.max(plan.fanOut, plan.isolationEndpoints));
    const fanOutPorts = ports.slice(0, plan.fanOut);
    const throughput = { receiver, ports: fanOutPorts, events: plan.throughputEvents };
    /** The input of a fan-out phase: the throughput load, within the phase's bound. */
    const fanOut = (phase: Phase, planned = plan.phaseTimeoutMs, parts = 1) => ({
      ...throughput,
      timeoutMs: boundFor(phase, planned, parts),
    });
    if (shouldRun("raw")) {
      partial.rawCeiling = await measureRawCeiling({
        ...fanOut("raw"),
        connectionsPerOrigin: plan.connectionsPerOrigin,
      });
    }
    if (shouldRun("service")) {
      partial.service = await measureServiceThroughput({
        ...fanOut("service"),
        publishConcurrency: plan.publishConcurrency,
      });
    }
    if (shouldRun("bullmq")) {
      partial.bullmq = await measureBullmqBaseline({
        ...fanOut("bullmq"),
        producerConcurrency: plan.publishConcurrency,
        workerConcurrency: plan.bullmqWorkerConcurrency,
      });
    }
    if (args.only.has("raw") || args.only.has("service") || args.only.has("bullmq")) {
      partial.ratios = ratios(partial.service, partial.rawCeiling, partial.bullmq);
    }
    if (shouldRun("publish")) {
      partial.publish = await measurePublishThroughput({
        ...fanOut("publish"),
        events: plan.publishEvents,
        publishConcurrency: plan.publishConcurrency,
      });
    }
    if (shouldRun("batch")) {
      partial.batch = await measureBatchPublish({
        ...fanOut("batch"),
        events: plan.batchEvents,
        batchSize: plan.batchSize,
        requestsInFlight: plan.batchRequestsInFlight,
      });
    }
    if (shouldRun("postgres")) {
      // The same events on PostgreSQL, drained by 1, 2 then 4 worker processes (beside SQLite's figure).
      partial.postgres = await measurePostgresWorkers({
        ...fanOut("postgres", plan.phaseTimeoutMs, 3),
        publishConcurrency: plan.publishConcurrency,
      });
    }
    if (shouldRun("latency")) {
      partial.latency = await measureLatency({
        receiver,
        port: ports[0] as number,
        ratePerSecond: plan.latencyRatePerSecond,
        warmupMs: plan.latencyWarmupMs,
        measureMs: plan.latencyMeasureMs,
      });
      // Not a target: the same measurement at a rate well under the service's capacity here, which
      // tells a pipeline delay from queueing behind an overloaded service.
      partial.latencyLowRate = await measureLatency({
        receiver,
        port: ports[0] as number,
        ratePerSecond: plan.lowLatencyRatePerSecond,
        warmupMs: plan.latencyWarmupMs,
        measureMs: plan.lowLatencyMeasureMs,
        label: `5b latency @ ${plan.lowLatencyRatePerSecond}/s`,
      });
    }
    if (shouldRun("isolation")) {
      partial.isolation = await measureIsolation({
        receiver,
        ports: ports.slice(0, plan.isolationEndpoints),
        hangingShare: plan.isolationHangingShare,
        events: plan.isolationEvents,
        timeoutMs: boundFor("isolation", plan.phaseTimeoutMs, 2),
      });
    }
    if (shouldRun("memory")) {
      partial.memory = await measureMemory({
        receiver,
        port: ports[0] as number,
        endpoints: plan.memoryEndpoints,
        targetPending: plan.memoryTargetPending,
        buildBudgetMs: boundFor("memory", plan.memoryBuildBudgetMs),
      });
    }
    // The two phases that write large stores: a schema another branch changes must not lose the run.
    const failure = (error: unknown) => ({
      failed: (error instanceof Error ? error.message : String(error)).split("\n")[0] as string,
    });
    if (shouldRun("history")) {
      partial.history = await measureHistoryThroughput({
        ...fanOut("history"),
        finishedDeliveries: plan.historyDeliveries,
        fillBoundMs: plan.historyFillBoundMs,
        publishConcurrency: plan.publishConcurrency,
      }).catch(failure);
    }
    if (shouldRun("storage")) {
      partial.storage = await measureSqliteStorage({
        ...fanOut("storage", plan.phaseTimeoutMs * 2),
        events: plan.storageEvents,
        publishConcurrency: plan.publishConcurrency,
        retentionDeliveries: plan.retentionDeliveries,
      }).catch(failure);
    }
    if (shouldRun("ordered")) {
      // Two runs (ordered, then unordered) share the phase's bound.
      partial.ordered = await measureOrderedDelivery({
        receiver,
        port: ports[0] as number,
        candidates: plan.orderedCandidates,
        eventsPerCandidate: plan.orderedEventsPerCandidate,
        batchSize: plan.batchSize,
        requestsInFlight: plan.batchRequestsInFlight,
        timeoutMs: boundFor("ordered", plan.phaseTimeoutMs, 2),
      }).catch(failure);
    }
    if (args.profile) {
      // A separate, profiled run of the end-to-end scenario: the headline figures above are unprofiled.
      const profileDir = `${resultsDir}profiles/${startedAt.replace(/:/g, "-")}`;
      mkdirSync(profileDir, { recursive: true });
      await measureServiceThroughput({
        ...throughput,
        timeoutMs: plan.phaseTimeoutMs,
        publishConcurrency: plan.publishConcurrency,
        cpuProfileDir: profileDir,
        label: "2b service, profiled",
        pathTag: "prof",
      });
      const file = mainThreadProfile(profileDir);
      if (file !== undefined) partial.serviceProfile = summarizeCpuProfile(file);
    }
  } finally {
    await receiver.stop();
  }

  const withoutTargets: Omit<BenchResults, "targets"> = {
    ...partial,
    startedAt,
    command: `tsx bench/run.ts ${process.argv.slice(2).join(" ")}`.trim(),
    mode: plan.mode,
    plan,
    durationS: Math.round((Date.now() - began) / 1000),
    phaseBoundsMs,
    serviceCli: CLI_PATH,
    serviceEnv: Object.fromEntries(
      Object.entries(process.env).filter(([name]) => name.startsWith("VOICEHIRE_")),
    ) as Record<string, string>,
    machine: { atStart, loadAverageAtEnd: loadavg().map((value) => Math.round(value * 100) / 100) },
  };
  const results: BenchResults = { ...withoutTargets, targets: targetRows(withoutTargets) };
  const file = writeResults(resultsDir, results);
  process.stdout.write(`\n${formatTable(results.targets)}\n`);
  if (args.compare !== null) {
    const previous = previousResultsFile(resultsDir, file, args.compare.file);
    process.stdout.write(
      previous === undefined
        ? "\n--compare: no earlier results file in bench/results/\n"
        : `\n${formatComparison(results.targets, previous)}\n`,
    );
  }
  if (results.serviceProfile !== undefined)
    process.stdout.write(`\n${formatProfile(results.serviceProfile)}\n`);
  process.stdout.write(
    `\n${plan.mode} run, ${results.durationS} s, ${atStart.cpus} CPUs (${atStart.cpuModel}), node ${atStart.node}, ` +
      `load average ${atStart.loadAverage.join(" ")} at start, ${results.machine.loadAverageAtEnd.join(" ")} at end\n` +
      `results: ${file}\n`,
  );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
