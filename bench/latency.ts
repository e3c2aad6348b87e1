import { setTimeout as delay } from "node:timers/promises";
import { monotonicMs } from "./monotonic-clock.js";
import { BENCH_EVENT_TYPE, publishBody } from "./payload.js";
import { cpuMsPer1000, startCpuMeter } from "./process-cpu.js";
import { formatCount, startPhase } from "./progress.js";
import type { Receiver } from "./receiver-client.js";
import { connectApi } from "./service-api.js";
import { startService } from "./service-process.js";
import { type LatencySummary, perSecond, summarizeLatencies } from "./stats.js";
import { waitUntil } from "./wait-until.js";

/** After the last send: how long unanswered publishes, then undelivered events, are waited for. */
const ANSWER_GRACE_MS = 5000;
const RECEIPT_GRACE_MS = 10_000;

export interface LatencyResult {
  readonly targetRatePerSecond: number;
  readonly achievedRatePerSecond: number;
  readonly measuredEvents: number;
  readonly warmupEvents: number;
  readonly missingReceipts: number;
  /** Publishes that failed or were not answered in time. */
  readonly publishFailures: number;
  /** From just before the publish call to the receiver having the whole delivery (lost ones count as infinite). */
  readonly publishToReceive: LatencySummary;
  /** The publish HTTP call alone (request to 202). */
  readonly publishCall: LatencySummary;
  /**
   * The service's CPU (all its threads, the checkpoint thread included) per 1,000 events received, from
   * the first publish to the last receipt: what publishing and delivering them cost it.
   */
  readonly cpuMsPer1000Deliveries: number | null;
  /** The service's warnings and errors during the phase, by message. */
  readonly serviceLog: Record<string, number>;
}

interface Sent {
  readonly startMs: number;
  readonly measured: boolean;
  answeredMs?: number;
}

/**
 * Publish-to-receive latency at a fixed rate (open loop: event i is due at start + i / rate, whether or
 * not earlier ones were answered, so a slow service cannot slow the load down and hide its own
 * latency). One endpoint, one delivery per event. Times are taken on the machine's monotonic clock in
 * the loader (before the publish call) and in the receiver (body fully read).
 */
export async function measureLatency(input: {
  readonly receiver: Receiver;
  readonly port: number;
  readonly ratePerSecond: number;
  readonly warmupMs: number;
  readonly measureMs: number;
  readonly label?: string;
}): Promise<LatencyResult> {
  const progress = startPhase(input.label ?? "5 latency @ fixed rate");
  await input.receiver.reset();
  const service = await startService();
  const api = connectApi(service.url, service.apiKey, 64);
  try {
    await api.createEndpoint(`http://127.0.0.1:${input.port}/lat/1`, [BENCH_EVENT_TYPE]);
    const sentById = new Map<string, Sent>();
    const inFlight = new Set<Promise<void>>();
    const failedAt: boolean[] = [];
    const intervalMs = 1000 / input.ratePerSecond;
    const total = Math.round(((input.warmupMs + input.measureMs) * input.ratePerSecond) / 1000);
    const warmupEvents = Math.round((input.warmupMs * input.ratePerSecond) / 1000);
    const cpu = startCpuMeter([service.pid]);
    const startMs = monotonicMs();
    let next = 0;
    let lastProgress = 0;
    // Bounded: `total` events, and at most (warmup + measure) * 3 of wall time.
    const hardStop = Date.now() + (input.warmupMs + input.measureMs) * 3;
    while (next < total && Date.now() < hardStop) {
      const now = monotonicMs();
      while (next < total && startMs + next * intervalMs <= now) {
        const measured = next >= warmupEvents;
        const sentAt = monotonicMs();
        const call = api.post("/v1/events", publishBody(next)).then(
          (answer) => {
            const id = (answer.body as { id?: unknown } | null)?.id;
            if (answer.status !== 202 || typeof id !== "string") {
              failedAt.push(measured);
              return;
            }
            sentById.set(id, { startMs: sentAt, measured, answeredMs: monotonicMs() });
          },
          () => {
            failedAt.push(measured);
          },
        );
        inFlight.add(call);
        void call.finally(() => inFlight.delete(call));
        next++;
      }
      if (now - lastProgress > 250) {
        lastProgress = now;
        progress.update(
          `${formatCount(next)}/${formatCount(total)} published at ${formatCount(input.ratePerSecond)}/s · ${inFlight.size} in flight`,
        );
      }
      await delay(1);
    }
    const sendingEndedMs = monotonicMs();
    // Publishes still unanswered after this count as lost.
    await waitUntil(() => inFlight.size === 0, { timeoutMs: ANSWER_GRACE_MS, intervalMs: 20 });
    const receivedAt = new Map<string, number>();
    await waitUntil(
      async () => {
        for (const [eventId, at] of await input.receiver.takeReceipts()) receivedAt.set(eventId, at);
        progress.update(`${formatCount(receivedAt.size)}/${formatCount(sentById.size)} received`);
        return receivedAt.size >= sentById.size;
      },
      { timeoutMs: RECEIPT_GRACE_MS, intervalMs: 100 },
    );
    const serviceCpuMs = cpu.stop();
    const endToEnd: number[] = [];
    const publishCall: number[] = [];
    let missing = 0;
    let measuredEvents = 0;
    const unanswered = next - sentById.size - failedAt.length;
    const failures = failedAt.filter((measured) => measured).length + unanswered;
    measuredEvents += failures;
    for (const [eventId, sent] of sentById) {
      if (!sent.measured) continue;
      measuredEvents++;
      if (sent.answeredMs !== undefined) publishCall.push(sent.answeredMs - sent.startMs);
      const at = receivedAt.get(eventId);
      if (at === undefined) missing++;
      else endToEnd.push(at - sent.startMs);
    }
    const measuredSpanMs = sendingEndedMs - (startMs + warmupEvents * intervalMs);
    const result: LatencyResult = {
      targetRatePerSecond: input.ratePerSecond,
      achievedRatePerSecond: perSecond(next - warmupEvents, measuredSpanMs),
      measuredEvents,
      warmupEvents,
      missingReceipts: missing,
      publishFailures: failures,
      publishToReceive: summarizeLatencies(endToEnd, missing + failures),
      publishCall: summarizeLatencies(publishCall, failures),
      cpuMsPer1000Deliveries: cpuMsPer1000(serviceCpuMs, receivedAt.size),
      serviceLog: service.logSummary(),
    };
    const e2e = result.publishToReceive;
    progress.done(
      `${formatCount(measuredEvents)} events at ${formatCount(result.achievedRatePerSecond)}/s · ` +
        `p50 ${e2e.p50Ms} ms · p90 ${e2e.p90Ms} ms · p99 ${e2e.p99Ms} ms · max ${e2e.maxMs} ms · ` +
        `CPU ${result.cpuMsPer1000Deliveries ?? "-"} ms/1,000`,
    );
    return result;
  } finally {
    await api.close();
    await service.stop();
  }
}
