import { openDeliveryWindow, stallNote } from "./delivery-window.js";
import { monotonicMs } from "./monotonic-clock.js";
import { BENCH_EVENT_TYPE } from "./payload.js";
import type { DeliveredPhaseInput } from "./phase-input.js";
import { cpuMsPer1000 } from "./process-cpu.js";
import { formatCount, startPhase } from "./progress.js";
import { runConcurrently } from "./run-concurrently.js";
import { connectApi } from "./service-api.js";
import { startService } from "./service-process.js";
import { perSecond } from "./stats.js";
import type { StoreSample } from "./store-sampler.js";
import { measuredSpanMs, waitForReceipts } from "./wait-for-receipts.js";

/** What every delivered phase counts: events published, deliveries made and received, in how long. */
export interface DeliveredRunCounts {
  readonly events: number;
  readonly publishFailures: number;
  readonly deliveriesCreated: number;
  readonly received: number;
  /** First publish to last receipt. */
  readonly elapsedMs: number;
  readonly deliveriesPerSecond: number;
}

export interface ServiceThroughputResult extends DeliveredRunCounts {
  /** First publish to the last publish answer. */
  readonly publishElapsedMs: number;
  readonly eventsPublishedPerSecond: number;
  readonly publishConcurrency: number;
  readonly fanOut: number;
  readonly servicePeakRssMb: number;
  /** The service's start, spawn to listening (it grows when opening the store reads it all). */
  readonly serviceStartMs: number;
  /** CPU time (user + system) of the service process over the measured span, and per 1,000 deliveries received. */
  readonly serviceCpuMs: number;
  readonly cpuMsPer1000Deliveries: number | null;
  readonly firstErrors: readonly string[];
  /** The longest time the receiver got nothing while deliveries were still pending (see store-sampler.ts). */
  readonly longestStallMs: number;
  /** The most deliveries held under a lease during that stall. */
  readonly leasedDuringStall: number;
  /** Delivery states in the store, sampled once a second. */
  readonly storeTimeline: readonly StoreSample[];
  /** The service's warnings and errors during the phase, by message. */
  readonly serviceLog: Record<string, number>;
}

/**
 * End-to-end deliveries per second on the embedded store: events published through the HTTP API
 * (`POST /v1/events`, `publishConcurrency` in flight), each fanned out to one endpoint per receiver
 * port, timed from the first publish to the last receipt.
 */
export async function measureServiceThroughput(
  input: DeliveredPhaseInput & {
    readonly publishConcurrency: number;
    readonly cpuProfileDir?: string;
    readonly label?: string;
    readonly pathTag?: string;
    /** A pre-filled data folder whose store already has this tag's endpoints (see history-throughput.ts). */
    readonly existingDataDir?: string;
    readonly startTimeoutMs?: number;
  },
): Promise<ServiceThroughputResult> {
  const progress = startPhase(input.label ?? "2 service end to end");
  const tag = input.pathTag ?? "e2e";
  await input.receiver.reset();
  const service = await startService({
    ...(input.cpuProfileDir === undefined ? {} : { cpuProfileDir: input.cpuProfileDir }),
    ...(input.existingDataDir === undefined ? {} : { dataDir: input.existingDataDir }),
    ...(input.startTimeoutMs === undefined ? {} : { startTimeoutMs: input.startTimeoutMs }),
  });
  const api = connectApi(service.url, service.apiKey, input.publishConcurrency);
  try {
    for (const [k, port] of input.existingDataDir === undefined ? input.ports.entries() : []) {
      await api.createEndpoint(`http://127.0.0.1:${port}/ok/${tag}-${k}`, [BENCH_EVENT_TYPE]);
    }
    let deliveriesCreated = 0;
    let published = 0;
    let publishEndMs = Number.NaN;
    let loaderDone = false;
    const measured = openDeliveryWindow(service, input.timeoutMs);
    const loader = runConcurrently(
      input.events,
      input.publishConcurrency,
      measured.publishUntil,
      async (index) => {
        const deliveries = await api.publishEvent(index);
        deliveriesCreated += deliveries;
        published++;
      },
    ).finally(() => {
      publishEndMs = monotonicMs();
      loaderDone = true;
    });
    const totals = await waitForReceipts({
      receiver: input.receiver,
      prefix: `/ok/${tag}-`,
      expected: () => (loaderDone ? deliveriesCreated : input.events * input.ports.length),
      loaderDone: () => loaderDone,
      startedMs: measured.startedMs,
      deadline: measured.receiptsUntil,
      progress,
      describe: () => `published ${formatCount(published)}/${formatCount(input.events)}`,
      onPoll: (totals) => measured.noteReceived(totals.count),
    });
    const { serviceCpuMs, storeTimeline, stall } = measured.close();
    const { failed, firstErrors } = await loader;
    const elapsedMs = measuredSpanMs(totals, deliveriesCreated, measured.startedMs);
    const publishElapsedMs = publishEndMs - measured.startedMs;
    const result: ServiceThroughputResult = {
      events: published,
      publishFailures: failed,
      deliveriesCreated,
      received: totals.count,
      elapsedMs: Math.round(elapsedMs),
      deliveriesPerSecond: perSecond(totals.count, elapsedMs),
      publishElapsedMs: Math.round(publishElapsedMs),
      eventsPublishedPerSecond: perSecond(published, publishElapsedMs),
      publishConcurrency: input.publishConcurrency,
      fanOut: input.ports.length,
      servicePeakRssMb: Math.round(service.memoryKb().peakRssKb / 1024),
      serviceStartMs: service.startMs,
      serviceCpuMs,
      cpuMsPer1000Deliveries: cpuMsPer1000(serviceCpuMs, totals.count),
      firstErrors,
      longestStallMs: stall.ms,
      leasedDuringStall: stall.maxLeased,
      storeTimeline,
      serviceLog: service.logSummary(),
    };
    progress.done(
      `${formatCount(result.received)}/${formatCount(deliveriesCreated)} deliveries in ${result.elapsedMs} ms · ` +
        `${formatCount(result.deliveriesPerSecond)}/s (publish ${formatCount(result.eventsPublishedPerSecond)} events/s) · ` +
        `CPU ${result.cpuMsPer1000Deliveries ?? "-"} ms/1,000${stallNote(stall)}`,
    );
    return result;
  } finally {
    await api.close();
    await service.stop();
  }
}
