import type { FanOutPhaseInput } from "./phase-input.js";
import { cpuMsPer1000 } from "./process-cpu.js";
import { startPhase } from "./progress.js";
import { publishedSummary, startPublishingService, timePublishes } from "./publishing-service.js";
import { perSecond } from "./stats.js";

export interface PublishThroughputResult {
  readonly events: number;
  readonly publishFailures: number;
  readonly deliveriesCreated: number;
  /** First publish to the last answer. */
  readonly elapsedMs: number;
  readonly eventsPerSecond: number;
  readonly publishConcurrency: number;
  readonly fanOut: number;
  /** CPU time (user + system) of the service process while publishing, and per 1,000 events. */
  readonly serviceCpuMs: number;
  readonly cpuMsPer1000Events: number | null;
  readonly firstErrors: readonly string[];
}

/**
 * Single-event publishing on the embedded store: `POST /v1/events`, `publishConcurrency` in flight, to a
 * service that runs no workers (see publishing-service.ts), each event fanned out to one endpoint per
 * receiver port. Events accepted (202) per second, first publish to last answer.
 */
export async function measurePublishThroughput(
  input: FanOutPhaseInput & {
    readonly publishConcurrency: number;
  },
): Promise<PublishThroughputResult> {
  const progress = startPhase("2c single publishes");
  const running = await startPublishingService(input.ports, input.publishConcurrency, "pub");
  try {
    let published = 0;
    let deliveriesCreated = 0;
    const { outcome, elapsedMs, serviceCpuMs } = await timePublishes(running, progress, input, {
      requests: input.events,
      inFlight: input.publishConcurrency,
      countedAs: "published",
      counted: () => published,
      task: async (index) => {
        deliveriesCreated += await running.api.publishEvent(index);
        published++;
      },
    });
    const result: PublishThroughputResult = {
      events: published,
      publishFailures: outcome.failed,
      deliveriesCreated,
      elapsedMs: Math.round(elapsedMs),
      eventsPerSecond: perSecond(published, elapsedMs),
      publishConcurrency: input.publishConcurrency,
      fanOut: input.ports.length,
      serviceCpuMs,
      cpuMsPer1000Events: cpuMsPer1000(serviceCpuMs, published),
      firstErrors: outcome.firstErrors,
    };
    progress.done(publishedSummary(result) + (outcome.failed > 0 ? ` · ${outcome.failed} failed` : ""));
    return result;
  } finally {
    await running.stop();
  }
}
