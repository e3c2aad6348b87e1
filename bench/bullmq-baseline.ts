import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { Queue } from "bullmq";
import { drainMs } from "./bench-plan.js";
import type { DeliveryJobData } from "./bullmq-worker-process.js";
import { loadIoredis } from "./load-ioredis.js";
import { monotonicMs } from "./monotonic-clock.js";
import { BENCH_EVENT_TYPE, envelopeBytes } from "./payload.js";
import type { DeliveredPhaseInput } from "./phase-input.js";
import { formatCount, startPhase } from "./progress.js";
import { runConcurrently } from "./run-concurrently.js";
import { perSecond } from "./stats.js";
import { measuredSpanMs, waitForReceipts } from "./wait-for-receipts.js";
import { waitUntil } from "./wait-until.js";

const WORKER_SCRIPT = fileURLToPath(new URL("./bullmq-worker-process.ts", import.meta.url));
const REDIS_HOST = "127.0.0.1";
const REDIS_PORT = 6379;

export type BullmqBaselineResult =
  | {
      readonly kind: "measured";
      readonly events: number;
      readonly jobs: number;
      readonly received: number;
      readonly elapsedMs: number;
      readonly deliveriesPerSecond: number;
      readonly workerConcurrency: number;
      readonly producerConcurrency: number;
      readonly attempts: number;
      readonly ioredisFrom: string;
    }
  | { readonly kind: "skipped"; readonly reason: string };

/**
 * What a Node team would otherwise build: BullMQ on the local Redis, one job per delivery (the
 * envelope in the job), 4 attempts with exponential backoff, a worker process that signs and POSTs
 * with undici. The producer adds each event's fan-out with one `addBulk` (no HTTP API in front of it,
 * which favours the baseline), `producerConcurrency` events in flight. Timed from the first add to the
 * last receipt on the same receiver.
 */
export async function measureBullmqBaseline(
  input: DeliveredPhaseInput & {
    readonly producerConcurrency: number;
    readonly workerConcurrency: number;
  },
): Promise<BullmqBaselineResult> {
  const progress = startPhase("3 BullMQ baseline");
  const ioredis = await loadIoredis();
  if (ioredis.kind === "missing") {
    progress.done(`skipped: ${ioredis.reason}`);
    return { kind: "skipped", reason: ioredis.reason };
  }
  const queueName = `voicehire-bench-${process.pid}-${Date.now()}`;
  const connection = ioredis.connect(REDIS_HOST, REDIS_PORT);
  try {
    await connection.ping();
  } catch (error) {
    connection.disconnect();
    const reason = `no Redis at ${REDIS_HOST}:${REDIS_PORT} (${error instanceof Error ? error.message : String(error)})`;
    progress.done(`skipped: ${reason}`);
    return { kind: "skipped", reason };
  }
  await input.receiver.reset();
  const queue = new Queue<DeliveryJobData>(queueName, { connection: connection as never });
  const worker = fork(
    WORKER_SCRIPT,
    [queueName, String(input.workerConcurrency), REDIS_HOST, String(REDIS_PORT)],
    {
      stdio: ["ignore", "inherit", "inherit", "ipc"],
      env: process.env,
    },
  );
  try {
    let ready = false;
    let workerExited = false;
    worker.once("message", () => (ready = true));
    worker.once("exit", () => (workerExited = true));
    if (!(await waitUntil(() => ready || workerExited, { timeoutMs: 20_000 })) || !ready) {
      throw new Error("bench: the BullMQ worker did not start");
    }
    const fanOut = input.ports.length;
    let added = 0;
    let loaderDone = false;
    // The loader stops early enough for the last receipts to arrive within the phase's bound.
    const deadline = Date.now() + input.timeoutMs - drainMs(input.timeoutMs);
    const startedMs = monotonicMs();
    const loader = runConcurrently(input.events, input.producerConcurrency, deadline, async (index) => {
      const envelope = envelopeBytes(index);
      const body = Buffer.from(envelope.body).toString("utf8");
      await queue.addBulk(
        input.ports.map((port, k) => ({
          name: "deliver",
          data: {
            url: `http://127.0.0.1:${port}/ok/bull-${k}`,
            eventId: envelope.eventId,
            eventType: BENCH_EVENT_TYPE,
            body,
          },
          opts: {
            attempts: 4,
            backoff: { type: "exponential", delay: 1000 },
            removeOnComplete: true,
            removeOnFail: 10_000,
          },
        })),
      );
      added += fanOut;
    }).finally(() => (loaderDone = true));
    const totals = await waitForReceipts({
      receiver: input.receiver,
      prefix: "/ok/bull-",
      expected: () => (loaderDone ? added : input.events * fanOut),
      loaderDone: () => loaderDone,
      startedMs,
      deadline: deadline + drainMs(input.timeoutMs),
      progress,
      describe: () => `jobs added ${formatCount(added)}`,
    });
    const { started } = await loader;
    const elapsedMs = measuredSpanMs(totals, added, startedMs);
    const result: BullmqBaselineResult = {
      kind: "measured",
      events: started,
      jobs: added,
      received: totals.count,
      elapsedMs: Math.round(elapsedMs),
      deliveriesPerSecond: perSecond(totals.count, elapsedMs),
      workerConcurrency: input.workerConcurrency,
      producerConcurrency: input.producerConcurrency,
      attempts: 4,
      ioredisFrom: ioredis.from,
    };
    progress.done(
      `${formatCount(result.received)}/${formatCount(added)} jobs delivered in ${result.elapsedMs} ms · ` +
        `${formatCount(result.deliveriesPerSecond)}/s`,
    );
    return result;
  } finally {
    const gone = new Promise<void>((resolve) =>
      worker.exitCode !== null ? resolve() : worker.once("exit", () => resolve()),
    );
    if (worker.connected) worker.disconnect();
    const kill = setTimeout(() => worker.kill("SIGKILL"), 8000);
    await gone;
    clearTimeout(kill);
    await queue.obliterate({ force: true }).catch(() => {});
    await queue.close().catch(() => {});
    await connection.quit().catch(() => connection.disconnect());
  }
}
