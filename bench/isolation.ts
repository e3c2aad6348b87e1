import { openDeliveryWindow, stallNote } from "./delivery-window.js";
import { BENCH_EVENT_TYPE } from "./payload.js";
import type { DeliveredPhaseInput } from "./phase-input.js";
import { cpuMsPer1000 } from "./process-cpu.js";
import { formatCount, startPhase } from "./progress.js";
import { type Receiver, totalsFor } from "./receiver-client.js";
import { runConcurrently } from "./run-concurrently.js";
import { connectApi } from "./service-api.js";
import { startService } from "./service-process.js";
import { perSecond, round } from "./stats.js";
import { measuredSpanMs, waitForReceipts } from "./wait-for-receipts.js";

export interface IsolationRun {
  readonly hangingEndpoints: number;
  readonly healthyDeliveriesExpected: number;
  readonly healthyReceived: number;
  readonly elapsedMs: number;
  readonly healthyDeliveriesPerSecond: number;
  /** CPU time (user + system) of the service over the run, per 1,000 healthy deliveries received. */
  readonly cpuMsPer1000Deliveries: number | null;
  /** Requests the hanging endpoints received (and never answered). */
  readonly hangArrivals: number;
  /** The longest time healthy endpoints got nothing while deliveries were pending, and the leases held then. */
  readonly longestStallMs: number;
  readonly leasedDuringStall: number;
  /** The service's warnings and errors during the run, by message. */
  readonly serviceLog: Record<string, number>;
}

export interface IsolationResult {
  readonly endpoints: number;
  readonly hanging: number;
  readonly events: number;
  readonly retryDelays: string;
  readonly attemptTimeout: string;
  readonly noneHanging: IsolationRun;
  readonly someHanging: IsolationRun;
  /** someHanging / noneHanging healthy throughput. */
  readonly keptShare: number;
}

const SERVICE_ENV = { VOICEHIRE_RETRY_DELAYS: "1s,2s,4s", VOICEHIRE_ATTEMPT_TIMEOUT: "5s" };

async function isolationRun(input: {
  readonly receiver: Receiver;
  readonly ports: readonly number[];
  readonly hanging: ReadonlySet<number>;
  readonly events: number;
  readonly tag: string;
  readonly timeoutMs: number;
}): Promise<IsolationRun> {
  const progress = startPhase(
    `6 isolation ${input.hanging.size === 0 ? "(none hang)" : `(${input.hanging.size} hang)`}`,
  );
  await input.receiver.reset();
  const service = await startService({ env: SERVICE_ENV });
  const api = connectApi(service.url, service.apiKey, 32);
  try {
    for (const [k, port] of input.ports.entries()) {
      const kind = input.hanging.has(k) ? "hang" : "ok";
      await api.createEndpoint(`http://127.0.0.1:${port}/${kind}/${input.tag}-${k}`, [BENCH_EVENT_TYPE]);
    }
    const healthy = input.ports.length - input.hanging.size;
    let published = 0;
    let loaderDone = false;
    const measured = openDeliveryWindow(service, input.timeoutMs);
    const loader = runConcurrently(input.events, 32, measured.publishUntil, async (index) => {
      await api.publishEvent(index);
      published++;
    }).finally(() => (loaderDone = true));
    let hangingNow = 0;
    const totals = await waitForReceipts({
      receiver: input.receiver,
      prefix: `/ok/${input.tag}-`,
      expected: () => (loaderDone ? published : input.events) * healthy,
      loaderDone: () => loaderDone,
      startedMs: measured.startedMs,
      deadline: measured.receiptsUntil,
      progress,
      describe: () => `published ${formatCount(published)} · ${hangingNow} requests hanging`,
      onPoll: (totals) => measured.noteReceived(totals.count),
    });
    const { serviceCpuMs, stall } = measured.close();
    await loader;
    const stats = await input.receiver.stats();
    hangingNow = stats.hangingNow;
    const elapsedMs = measuredSpanMs(totals, published * healthy, measured.startedMs);
    const run: IsolationRun = {
      hangingEndpoints: input.hanging.size,
      healthyDeliveriesExpected: published * healthy,
      healthyReceived: totalsFor(stats, `/ok/${input.tag}-`).count,
      elapsedMs: Math.round(elapsedMs),
      healthyDeliveriesPerSecond: perSecond(totals.count, elapsedMs),
      cpuMsPer1000Deliveries: cpuMsPer1000(serviceCpuMs, totals.count),
      hangArrivals: stats.hangArrivals,
      longestStallMs: stall.ms,
      leasedDuringStall: stall.maxLeased,
      serviceLog: service.logSummary(),
    };
    progress.done(
      `${formatCount(run.healthyReceived)}/${formatCount(run.healthyDeliveriesExpected)} healthy deliveries · ` +
        `${formatCount(run.healthyDeliveriesPerSecond)}/s · CPU ${run.cpuMsPer1000Deliveries ?? "-"} ms/1,000 · ` +
        `${run.hangArrivals} requests to hanging endpoints${stallNote(stall)}`,
    );
    return run;
  } finally {
    await api.close();
    await service.stop();
    await input.receiver.reset();
  }
}

/**
 * Isolation: `ports.length` endpoints (one origin each), each event fanned out to all of them. Run once
 * with none hanging, once with `hangingShare` of them never answering (the service retries them on a
 * short schedule with its 5 s timeout, so they keep claiming work). Compares what the healthy endpoints
 * get: their deliveries per second, first publish to last healthy receipt.
 */
export async function measureIsolation(
  input: DeliveredPhaseInput & {
    readonly hangingShare: number;
  },
): Promise<IsolationResult> {
  const hangingCount = Math.max(1, Math.round(input.ports.length * input.hangingShare));
  // Spread the hanging endpoints out rather than taking the first ones.
  const step = Math.floor(input.ports.length / hangingCount);
  const hanging = new Set(Array.from({ length: hangingCount }, (_, i) => i * step + Math.floor(step / 2)));
  const common = {
    receiver: input.receiver,
    ports: input.ports,
    events: input.events,
    timeoutMs: input.timeoutMs,
  };
  const noneHanging = await isolationRun({ ...common, hanging: new Set(), tag: "iso-a" });
  const someHanging = await isolationRun({ ...common, hanging, tag: "iso-b" });
  return {
    endpoints: input.ports.length,
    hanging: hangingCount,
    events: input.events,
    retryDelays: SERVICE_ENV.VOICEHIRE_RETRY_DELAYS,
    attemptTimeout: SERVICE_ENV.VOICEHIRE_ATTEMPT_TIMEOUT,
    noneHanging,
    someHanging,
    keptShare: round(
      noneHanging.healthyDeliveriesPerSecond > 0
        ? someHanging.healthyDeliveriesPerSecond / noneHanging.healthyDeliveriesPerSecond
        : 0,
      3,
    ),
  };
}
