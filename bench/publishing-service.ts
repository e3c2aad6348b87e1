import { monotonicMs } from "./monotonic-clock.js";
import { BENCH_EVENT_TYPE } from "./payload.js";
import type { FanOutPhaseInput } from "./phase-input.js";
import { startCpuMeter } from "./process-cpu.js";
import { formatCount, type PhaseProgress } from "./progress.js";
import { runConcurrently } from "./run-concurrently.js";
import { connectApi, type ServiceApi } from "./service-api.js";
import { type ServiceProcess, startService } from "./service-process.js";
import { perSecond } from "./stats.js";

export interface PublishingService {
  readonly service: ServiceProcess;
  readonly api: ServiceApi;
  stop(): Promise<void>;
}

/**
 * A service that only takes publishes (`serve --no-workers`: nothing is delivered, so the figure is the
 * publish path alone), with one endpoint per receiver port subscribed, so that each event is stored
 * with one delivery row per endpoint (the fan-out of the other phases).
 */
export async function startPublishingService(
  ports: readonly number[],
  connections: number,
  /** Names the endpoints' paths, `/ok/<tag>-<k>`. */
  tag: string,
): Promise<PublishingService> {
  const service = await startService({ args: ["--no-workers"] });
  const api = connectApi(service.url, service.apiKey, connections);
  try {
    for (const [k, port] of ports.entries()) {
      await api.createEndpoint(`http://127.0.0.1:${port}/ok/${tag}-${k}`, [BENCH_EVENT_TYPE]);
    }
  } catch (error) {
    await api.close();
    await service.stop();
    throw error;
  }
  return {
    service,
    api,
    async stop() {
      await api.close();
      await service.stop();
    },
  };
}

/**
 * Runs publishing `task(0) ... task(requests - 1)`, `inFlight` at a time, until done or `timeoutMs`
 * has passed, showing the events `counted()` so far and their rate. Answers the runner's outcome, the
 * span from the first request to the last answer, and the service's CPU time in that span.
 */
export async function timePublishes(
  running: PublishingService,
  progress: PhaseProgress,
  phase: FanOutPhaseInput,
  input: {
    readonly requests: number;
    readonly inFlight: number;
    /** What the progress line counts ("published", "accepted") out of the phase's events. */
    readonly countedAs: string;
    readonly counted: () => number;
    readonly task: (index: number) => Promise<void>;
  },
): Promise<{
  outcome: Awaited<ReturnType<typeof runConcurrently>>;
  elapsedMs: number;
  serviceCpuMs: number;
}> {
  const startedAt = Date.now();
  const ticker = setInterval(
    () =>
      progress.update(
        `${formatCount(input.counted())}/${formatCount(phase.events)} ${input.countedAs} · ` +
          `${formatCount(perSecond(input.counted(), Date.now() - startedAt))}/s`,
      ),
    500,
  );
  const cpu = startCpuMeter([running.service.pid]);
  const startedMs = monotonicMs();
  const outcome = await runConcurrently(
    input.requests,
    input.inFlight,
    startedAt + phase.timeoutMs,
    input.task,
  ).finally(() => clearInterval(ticker));
  const elapsedMs = monotonicMs() - startedMs;
  return { outcome, elapsedMs, serviceCpuMs: cpu.stop() };
}

/** The progress line's figures of a publishing phase: events, span, rate and CPU per 1,000 events. */
export function publishedSummary(result: {
  readonly events: number;
  readonly elapsedMs: number;
  readonly eventsPerSecond: number;
  readonly cpuMsPer1000Events: number | null;
}): string {
  return (
    `${formatCount(result.events)} events in ${result.elapsedMs} ms · ` +
    `${formatCount(result.eventsPerSecond)} events/s · CPU ${result.cpuMsPer1000Events ?? "-"} ms/1,000 events`
  );
}
