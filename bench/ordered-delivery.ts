import { randomUUID } from "node:crypto";
import { acceptedItems, BATCH_PATH } from "./batch-publish.js";
import { openDeliveryWindow, stallNote } from "./delivery-window.js";
import { BENCH_EVENT_TYPE, BENCH_SECRET, candidateAddedData } from "./payload.js";
import { cpuMsPer1000 } from "./process-cpu.js";
import { formatCount, startPhase } from "./progress.js";
import type { Receiver } from "./receiver-client.js";
import { ORDER_NAME_PREFIX, type OrderStats } from "./receiver-protocol.js";
import { runConcurrently } from "./run-concurrently.js";
import { connectApi, type ServiceApi } from "./service-api.js";
import { startService } from "./service-process.js";
import type { DeliveredRunCounts } from "./service-throughput.js";
import { perSecond, round } from "./stats.js";
import { measuredSpanMs, waitForReceipts } from "./wait-for-receipts.js";

/** One run of the ordered phase's load, to an endpoint with `ordering: "candidate"` or without. */
export interface OrderedRun extends DeliveredRunCounts {
  readonly ordering: "candidate" | null;
  readonly serviceCpuMs: number;
  readonly cpuMsPer1000Deliveries: number | null;
  /** At the receiver: candidates whose events arrived out of publish order (must be 0 when ordered). */
  readonly order: OrderStats;
  readonly longestStallMs: number;
  readonly firstErrors: readonly string[];
}

export type OrderedDeliveryResult =
  | { readonly skipped: string }
  | {
      readonly candidates: number;
      readonly eventsPerCandidate: number;
      readonly batchSize: number;
      readonly ordered: OrderedRun;
      readonly unordered: OrderedRun;
      /** Ordered ÷ unordered deliveries per second (issue 14: at least 0.5). */
      readonly ratio: number | null;
    };

export interface OrderedDeliveryInput {
  readonly receiver: Receiver;
  readonly port: number;
  readonly candidates: number;
  readonly eventsPerCandidate: number;
  readonly batchSize: number;
  readonly requestsInFlight: number;
  /** The bound of each of the two runs. */
  readonly timeoutMs: number;
}

/** Thrown when the service refuses (or ignores) `ordering` on an endpoint: the phase is skipped. */
class OrderingUnsupported extends Error {}

async function createEndpoint(api: ServiceApi, url: string, ordering: "candidate" | null): Promise<void> {
  const body = { url, event_types: [BENCH_EVENT_TYPE], secret: BENCH_SECRET };
  const answer = await api.post("/v1/endpoints", ordering === null ? body : { ...body, ordering });
  if (ordering !== null && (answer.status === 400 || answer.status === 422)) {
    throw new OrderingUnsupported(
      `the service does not know ordering (POST /v1/endpoints with "ordering": "candidate" answered ${answer.status})`,
    );
  }
  if (answer.status !== 201) {
    throw new Error(`bench: creating an endpoint answered ${answer.status} ${JSON.stringify(answer.body)}`);
  }
  const echoed = (answer.body as { ordering?: unknown } | null)?.ordering;
  if (ordering !== null && echoed !== ordering) {
    throw new OrderingUnsupported(
      `the service accepted the endpoint but its answer says ordering ${JSON.stringify(echoed)}, not "candidate"`,
    );
  }
}

/**
 * The batch of some candidates' events, in publish order: a candidate's events one after the other
 * (a burst per candidate, the case ordering exists for; a batch's items are published in their
 * order). Each event's number is in its `last_name`, for the receiver's order check.
 */
function batchOf(keys: readonly string[], eventsPerCandidate: number, batchIndex: number) {
  const events = [];
  for (const [k, key] of keys.entries()) {
    for (let number = 0; number < eventsPerCandidate; number++) {
      const data = candidateAddedData(batchIndex * keys.length + k);
      events.push({
        event: BENCH_EVENT_TYPE,
        data: { ...data, candidate_id: key, last_name: `${ORDER_NAME_PREFIX}${number}` },
      });
    }
  }
  return { events };
}

/**
 * One run: a fresh service, one endpoint, `candidates × eventsPerCandidate` `candidate.added` events
 * published in batches (`POST /v1/events/batch`), so that a candidate's events are all pending at
 * once: an unordered endpoint sends them in parallel, an ordered one one after the other.
 */
async function measureRun(
  input: OrderedDeliveryInput,
  ordering: "candidate" | null,
  keys: readonly string[],
): Promise<OrderedRun> {
  const tag = ordering === null ? "unordered" : "ordered";
  const progress = startPhase(`11 ordered delivery, ${tag}`);
  await input.receiver.reset();
  const service = await startService();
  const api = connectApi(service.url, service.apiKey, input.requestsInFlight);
  try {
    const prefix = `/ord/${tag}`;
    await createEndpoint(api, `http://127.0.0.1:${input.port}${prefix}`, ordering);
    const total = keys.length * input.eventsPerCandidate;
    const perBatch = Math.max(1, Math.floor(input.batchSize / input.eventsPerCandidate));
    let accepted = 0;
    let rejected = 0;
    let loaderDone = false;
    const measured = openDeliveryWindow(service, input.timeoutMs);
    // Each candidate is in one batch only, so batches in flight at once never hold the same key.
    const loader = runConcurrently(
      Math.ceil(keys.length / perBatch),
      input.requestsInFlight,
      measured.publishUntil,
      async (index) => {
        const batch = keys.slice(index * perBatch, (index + 1) * perBatch);
        const body = batchOf(batch, input.eventsPerCandidate, index);
        const answer = await api.post(BATCH_PATH, body);
        if (answer.status >= 300) {
          throw new Error(`bench: a batch answered ${answer.status} ${JSON.stringify(answer.body)}`);
        }
        const ok = acceptedItems(answer, body.events.length);
        accepted += ok;
        rejected += body.events.length - ok;
      },
    ).finally(() => {
      loaderDone = true;
    });
    const totals = await waitForReceipts({
      receiver: input.receiver,
      prefix,
      // One endpoint: one delivery per accepted event.
      expected: () => (loaderDone ? accepted : total),
      loaderDone: () => loaderDone,
      startedMs: measured.startedMs,
      deadline: measured.receiptsUntil,
      progress,
      describe: () => `published ${formatCount(accepted)}/${formatCount(total)}`,
      onPoll: (counted) => measured.noteReceived(counted.count),
    });
    const { serviceCpuMs, stall } = measured.close();
    const { failed, firstErrors } = await loader;
    const elapsedMs = measuredSpanMs(totals, accepted, measured.startedMs);
    const order = (await input.receiver.orderStats())[prefix] ?? { keys: 0, keysOutOfOrder: 0, repeats: 0 };
    const run: OrderedRun = {
      ordering,
      events: accepted,
      publishFailures: failed + rejected,
      deliveriesCreated: accepted,
      received: totals.count,
      elapsedMs: Math.round(elapsedMs),
      deliveriesPerSecond: perSecond(totals.count, elapsedMs),
      serviceCpuMs,
      cpuMsPer1000Deliveries: cpuMsPer1000(serviceCpuMs, totals.count),
      order,
      longestStallMs: stall.ms,
      firstErrors,
    };
    progress.done(
      `${formatCount(run.received)}/${formatCount(accepted)} deliveries in ${run.elapsedMs} ms · ` +
        `${formatCount(run.deliveriesPerSecond)}/s · CPU ${run.cpuMsPer1000Deliveries ?? "-"} ms/1,000 · ` +
        `${order.keysOutOfOrder}/${order.keys} candidates out of order${stallNote(stall)}`,
    );
    return run;
  } catch (error) {
    if (error instanceof OrderingUnsupported) progress.done(`skipped: ${error.message}`);
    throw error;
  } finally {
    await api.close();
    await service.stop();
  }
}

/**
 * Issue 14: the same load (the same candidates, the same events, the same batches) first to an endpoint
 * ordered per candidate, then to an unordered one, each on a fresh service: deliveries per second of
 * each, their ratio, the service's CPU, and the receiver's check of publish order per candidate. A
 * service that refuses `ordering` on endpoint creation makes the phase answer `skipped`.
 */
export async function measureOrderedDelivery(input: OrderedDeliveryInput): Promise<OrderedDeliveryResult> {
  const keys = Array.from({ length: input.candidates }, () => randomUUID());
  let ordered: OrderedRun;
  try {
    ordered = await measureRun(input, "candidate", keys);
  } catch (error) {
    if (error instanceof OrderingUnsupported) return { skipped: error.message };
    throw error;
  }
  const unordered = await measureRun(input, null, keys);
  return {
    candidates: input.candidates,
    eventsPerCandidate: input.eventsPerCandidate,
    batchSize: input.batchSize,
    ordered,
    unordered,
    ratio:
      unordered.deliveriesPerSecond > 0
        ? round(ordered.deliveriesPerSecond / unordered.deliveriesPerSecond, 3)
        : null,
  };
}
