import { Agent } from "undici";
import { defaultDeliverySettings } from "../packages/server/dist/delivery/settings.js";
import { deliveryHeaders } from "../packages/server/dist/delivery/signing.js";
import { drainMs } from "./bench-plan.js";
import { monotonicMs } from "./monotonic-clock.js";
import { BENCH_EVENT_TYPE, BENCH_SECRET, envelopeBytes } from "./payload.js";
import type { DeliveredPhaseInput } from "./phase-input.js";
import { startPhase } from "./progress.js";
import { runConcurrently } from "./run-concurrently.js";
import { perSecond } from "./stats.js";
import { measuredSpanMs, waitForReceipts } from "./wait-for-receipts.js";

export interface RawCeilingResult {
  readonly requests: number;
  readonly received: number;
  readonly failed: number;
  readonly elapsedMs: number;
  readonly deliveriesPerSecond: number;
  readonly connectionsPerOrigin: number;
  readonly origins: number;
}

/**
 * The raw-HTTP ceiling: what plain undici can POST to the same receiver, with the same signing and
 * no storage. One envelope per event (serialized once), POSTed to each of the `ports` (the fan-out),
 * through a keep-alive Agent shaped like the service's sender (32 connections per origin, no pipelining).
 */
export async function measureRawCeiling(
  input: DeliveredPhaseInput & {
    readonly connectionsPerOrigin: number;
  },
): Promise<RawCeilingResult> {
  const { receiver, ports } = input;
  const progress = startPhase("1 raw-HTTP ceiling");
  await receiver.reset();
  const agent = new Agent({
    connections: input.connectionsPerOrigin,
    pipelining: 1,
    keepAliveTimeout: 30_000,
    keepAliveMaxTimeout: 30_000,
  });
  const fanOut = ports.length;
  const total = input.events * fanOut;
  const bodies: { eventId: string; body: Uint8Array }[] = [];
  // The loader stops early enough for the last receipts to arrive within the phase's bound.
  const deadline = Date.now() + input.timeoutMs - drainMs(input.timeoutMs);
  const startedMs = monotonicMs();
  let loaderDone = false;
  const loader = runConcurrently(total, input.connectionsPerOrigin * fanOut, deadline, async (index) => {
    const eventIndex = Math.floor(index / fanOut);
    const port = ports[index % fanOut] as number;
    // Lanes take indexes in order, so the first delivery of an event always comes first.
    if (bodies[eventIndex] === undefined) bodies[eventIndex] = envelopeBytes(eventIndex);
    const envelope = bodies[eventIndex];
    const headers = deliveryHeaders({
      eventId: envelope.eventId,
      eventType: BENCH_EVENT_TYPE,
      attemptNumber: 1,
      body: envelope.body,
      secrets: [BENCH_SECRET],
      nowSeconds: Math.floor(Date.now() / 1000),
      test: false,
      userAgent: defaultDeliverySettings.userAgent,
    });
    const response = await agent.request({
      origin: `http://127.0.0.1:${port}`,
      path: `/ok/raw-${index % fanOut}`,
      method: "POST",
      headers,
      body: envelope.body,
    });
    await response.body.text();
    if (response.statusCode !== 200) throw new Error(`bench: raw POST answered ${response.statusCode}`);
  }).finally(() => {
    loaderDone = true;
  });
  const totals = await waitForReceipts({
    receiver,
    prefix: "/ok/raw-",
    expected: () => total,
    loaderDone: () => loaderDone,
    startedMs,
    deadline: deadline + drainMs(input.timeoutMs),
    progress,
  });
  const { started, failed } = await loader;
  await agent.close();
  const elapsedMs = measuredSpanMs(totals, total, startedMs);
  const result: RawCeilingResult = {
    requests: started,
    received: totals.count,
    failed,
    elapsedMs: Math.round(elapsedMs),
    deliveriesPerSecond: perSecond(totals.count, elapsedMs),
    connectionsPerOrigin: input.connectionsPerOrigin,
    origins: fanOut,
  };
  progress.done(
    `${result.received.toLocaleString("en-US")} POSTs in ${result.elapsedMs} ms · ${result.deliveriesPerSecond.toLocaleString("en-US")}/s`,
  );
  return result;
}
