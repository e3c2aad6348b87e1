import { statSync } from "node:fs";
import Database from "better-sqlite3";
import { type PrefillResult, prefillHistory } from "./history-prefill.js";
import { BENCH_EVENT_TYPE } from "./payload.js";
import type { DeliveredPhaseInput } from "./phase-input.js";
import { formatCount, startPhase } from "./progress.js";
import type { Receiver } from "./receiver-client.js";
import { connectApi } from "./service-api.js";
import { type ServiceProcess, startService } from "./service-process.js";
import { measureServiceThroughput, type ServiceThroughputResult } from "./service-throughput.js";
import { waitUntil } from "./wait-until.js";

export interface HistoryThroughputResult {
  /** Written before the measurement: fewer than `plannedDeliveries` when the fill bound was reached. */
  readonly finishedDeliveries: number;
  readonly plannedDeliveries: number;
  readonly prefill: PrefillResult;
  /** The store file when the measurement started. */
  readonly storeMb: number;
  readonly throughput: ServiceThroughputResult;
  /**
   * The end-to-end service scenario on an empty store, run just before and just after `throughput`: on
   * a shared machine the rate drifts by more than 15 % over the minutes since the run's own service
   * measurement, so the history is compared with what an empty store did under the same conditions.
   */
  readonly emptyStoreAround: readonly ServiceThroughputResult[];
}

const TAG = "hist";
const TEMPLATE_EVENTS = 8;
const DAY_MS = 86_400_000;
/** Opening a large store may read much of it (e.g. a scan at start): its time is reported, not a failure. */
const START_TIMEOUT_MS = 300_000;

/** Answers once every delivery in the store is finished (the service records after the receipt). */
export async function waitForFinished(databaseFile: string, timeoutMs: number): Promise<boolean> {
  const db = new Database(databaseFile, { readonly: true, fileMustExist: true });
  try {
    db.pragma("busy_timeout = 1000");
    const pending = db.prepare("SELECT COUNT(*) FROM deliveries WHERE status = 'pending'").pluck();
    return await waitUntil(() => pending.get() === 0, { timeoutMs, intervalMs: 100 });
  } finally {
    db.close();
  }
}

/** A store made by the service itself: endpoints for `ports`, and a few events delivered to all of them. */
async function makeTemplateStore(receiver: Receiver, ports: readonly number[]): Promise<ServiceProcess> {
  const service = await startService();
  const api = connectApi(service.url, service.apiKey, 4);
  try {
    for (const [k, port] of ports.entries()) {
      await api.createEndpoint(`http://127.0.0.1:${port}/ok/${TAG}-${k}`, [BENCH_EVENT_TYPE]);
    }
    for (let i = 0; i < TEMPLATE_EVENTS; i++) {
      await api.publishEvent(i);
    }
    if (!(await waitForFinished(service.databaseFile, 20_000))) {
      throw new Error("bench: the template events were not delivered within 20 s");
    }
    await receiver.reset();
    return service;
  } finally {
    await api.close();
  }
}

/**
 * Cost that must not grow with history (issue 11): a store pre-filled with `finishedDeliveries` finished
 * deliveries (one attempt each, over the last 20 days, on the very endpoints measured) written straight
 * into the SQLite file (history-prefill.ts), then the end-to-end service scenario on it, between two runs
 * of the same scenario on an empty store (`emptyStoreAround`), which it is compared with.
 */
export async function measureHistoryThroughput(
  input: DeliveredPhaseInput & {
    readonly finishedDeliveries: number;
    /** Writing the history stops at this bound (ms), with what it wrote by then. */
    readonly fillBoundMs: number;
    readonly publishConcurrency: number;
  },
): Promise<HistoryThroughputResult> {
  const progress = startPhase("9 history prefill");
  const service = await makeTemplateStore(input.receiver, input.ports);
  let handedOver = false;
  try {
    await service.stop({ keepData: true });
    progress.update(`writing ${formatCount(input.finishedDeliveries)} finished deliveries`);
    const now = Date.now();
    const prefill = prefillHistory(service.databaseFile, {
      events: Math.ceil(input.finishedDeliveries / input.ports.length),
      fromMs: now - 20 * DAY_MS,
      toMs: now - 3_600_000,
      deadline: now + input.fillBoundMs,
    });
    const storeMb = Math.round(statSync(service.databaseFile).size / 1024 / 1024);
    progress.done(
      `${formatCount(prefill.deliveries)} finished deliveries written in ${prefill.fillMs} ms · store ${storeMb} MB` +
        (prefill.notCopied.length > 0 ? ` · not copied: ${prefill.notCopied.join(", ")}` : ""),
    );
    const scenario = {
      receiver: input.receiver,
      ports: input.ports,
      events: input.events,
      publishConcurrency: input.publishConcurrency,
      timeoutMs: input.timeoutMs,
    };
    const emptyBefore = await measureServiceThroughput({
      ...scenario,
      label: "9 service, empty store (before)",
    });
    handedOver = true;
    const throughput = await measureServiceThroughput({
      ...scenario,
      existingDataDir: service.dataDir,
      startTimeoutMs: START_TIMEOUT_MS,
      pathTag: TAG,
      label: `9 service, ${formatCount(prefill.deliveries)} stored`,
    });
    const emptyAfter = await measureServiceThroughput({
      ...scenario,
      label: "9 service, empty store (after)",
    });
    return {
      finishedDeliveries: prefill.deliveries,
      plannedDeliveries: input.finishedDeliveries,
      prefill,
      storeMb,
      throughput,
      emptyStoreAround: [emptyBefore, emptyAfter],
    };
  } finally {
    // measureServiceThroughput removes the folder when it stops its service; otherwise do it here.
    if (!handedOver) await service.stop();
  }
}
