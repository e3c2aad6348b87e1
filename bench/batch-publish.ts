import { publishBody } from "./payload.js";
import type { FanOutPhaseInput } from "./phase-input.js";
import { cpuMsPer1000 } from "./process-cpu.js";
import { startPhase } from "./progress.js";
import { publishedSummary, startPublishingService, timePublishes } from "./publishing-service.js";
import type { ApiAnswer } from "./service-api.js";
import { perSecond } from "./stats.js";

export const BATCH_PATH = "/v1/events/batch";

export type BatchPublishResult =
  | { readonly skipped: string }
  | {
      readonly events: number;
      /** Items answered with a problem instead of 202, and requests that failed as a whole. */
      readonly rejectedItems: number;
      readonly failedRequests: number;
      readonly batchSize: number;
      readonly requestsInFlight: number;
      /** First request to the last answer. */
      readonly elapsedMs: number;
      readonly eventsPerSecond: number;
      readonly fanOut: number;
      readonly serviceCpuMs: number;
      readonly cpuMsPer1000Events: number | null;
      readonly firstErrors: readonly string[];
    };

function batchBody(first: number, size: number): { events: { event: string; data: unknown }[] } {
  return { events: Array.from({ length: size }, (_, i) => publishBody(first + i)) };
}

/**
 * How many items of a batch answer were accepted. The route answers per-item results in order (issue
 * 11): an item with an `id` and no problem `code`/error `status` counts as accepted. The list is looked
 * for under the names such an answer would use, so the phase does not depend on one spelling.
 */
export function acceptedItems(answer: ApiAnswer, sent: number): number {
  const body = answer.body as Record<string, unknown> | unknown[] | null;
  const list = Array.isArray(body)
    ? body
    : [body?.results, body?.events, body?.items, body?.data].find((value) => Array.isArray(value));
  if (!Array.isArray(list)) return answer.status === 202 ? sent : 0;
  return list.filter((item) => {
    const entry = item as Record<string, unknown> | null;
    const status = typeof entry?.status === "number" ? entry.status : 202;
    return typeof entry?.id === "string" && entry.code === undefined && status < 400;
  }).length;
}

/**
 * Batch publishing on the embedded store: `POST /v1/events/batch` with `batchSize` events per request
 * (`requestsInFlight` at a time), to a service that runs no workers, each event fanned out to one
 * endpoint per receiver port. Accepted events per second, first request to last answer. A service
 * without the route (404/405 to a one-event probe) makes the phase answer `skipped`.
 */
export async function measureBatchPublish(
  input: FanOutPhaseInput & {
    readonly batchSize: number;
    readonly requestsInFlight: number;
  },
): Promise<BatchPublishResult> {
  const progress = startPhase("2d batch publishes");
  const running = await startPublishingService(input.ports, input.requestsInFlight, "batch");
  try {
    const probe = await running.api.post(BATCH_PATH, batchBody(0, 1));
    if (probe.status === 404 || probe.status === 405) {
      const skipped = `the service has no batch route (POST ${BATCH_PATH} answered ${probe.status})`;
      progress.done(`skipped: ${skipped}`);
      return { skipped };
    }
    if (acceptedItems(probe, 1) !== 1) {
      throw new Error(`bench: a one-event batch answered ${probe.status} ${JSON.stringify(probe.body)}`);
    }
    const requests = Math.ceil(input.events / input.batchSize);
    let accepted = 0;
    let rejectedItems = 0;
    const { outcome, elapsedMs, serviceCpuMs } = await timePublishes(running, progress, input, {
      requests,
      inFlight: input.requestsInFlight,
      countedAs: "accepted",
      counted: () => accepted,
      task: async (index) => {
        const size = Math.min(input.batchSize, input.events - index * input.batchSize);
        const answer = await running.api.post(BATCH_PATH, batchBody(1 + index * input.batchSize, size));
        if (answer.status >= 300) {
          throw new Error(`bench: a batch answered ${answer.status} ${JSON.stringify(answer.body)}`);
        }
        const ok = acceptedItems(answer, size);
        accepted += ok;
        rejectedItems += size - ok;
      },
    });
    const result = {
      events: accepted,
      rejectedItems,
      failedRequests: outcome.failed,
      batchSize: input.batchSize,
      requestsInFlight: input.requestsInFlight,
      elapsedMs: Math.round(elapsedMs),
      eventsPerSecond: perSecond(accepted, elapsedMs),
      fanOut: input.ports.length,
      serviceCpuMs,
      cpuMsPer1000Events: cpuMsPer1000(serviceCpuMs, accepted),
      firstErrors: outcome.firstErrors,
    };
    progress.done(
      publishedSummary(result) +
        (rejectedItems + outcome.failed > 0
          ? ` · ${rejectedItems} items rejected, ${outcome.failed} requests failed`
          : ""),
    );
    return result;
  } finally {
    await running.stop();
  }
}
