/**
 * The BullMQ baseline's worker, in its own process (as a Node team would run it): a BullMQ Worker on
 * the local Redis whose processor signs the job's body like the service (`deliveryHeaders`, same
 * secret) and POSTs it with undici (keep-alive Agent, 32 connections per origin, 5 s timeouts). A non-2xx
 * answer throws, so BullMQ retries it (attempts and backoff are set on the jobs by the producer).
 *
 * argv: <queue name> <concurrency> <redis host> <redis port>. Says "ready" over IPC; stops on disconnect.
 */
import { Worker } from "bullmq";
import { Agent } from "undici";
import { defaultDeliverySettings } from "../packages/server/dist/delivery/settings.js";
import { deliveryHeaders } from "../packages/server/dist/delivery/signing.js";
import { loadIoredis } from "./load-ioredis.js";
import { BENCH_SECRET } from "./payload.js";

export interface DeliveryJobData {
  readonly url: string;
  readonly eventId: string;
  readonly eventType: string;
  /** The envelope, as stored in the job. */
  readonly body: string;
}

const [queueName = "", concurrencyText = "64", host = "127.0.0.1", portText = "6379"] = process.argv.slice(2);
const ioredis = await loadIoredis();
if (ioredis.kind === "missing") {
  console.error(`bench: ${ioredis.reason}`);
  process.exit(2);
}
const agent = new Agent({
  connections: 32,
  pipelining: 1,
  keepAliveTimeout: 30_000,
  keepAliveMaxTimeout: 30_000,
  headersTimeout: 5000,
  bodyTimeout: 5000,
});
const worker = new Worker<DeliveryJobData>(
  queueName,
  async (job) => {
    const body = Buffer.from(job.data.body);
    const headers = deliveryHeaders({
      eventId: job.data.eventId,
      eventType: job.data.eventType,
      attemptNumber: job.attemptsMade + 1,
      body,
      secrets: [BENCH_SECRET],
      nowSeconds: Math.floor(Date.now() / 1000),
      test: false,
      userAgent: defaultDeliverySettings.userAgent,
    });
    const url = new URL(job.data.url);
    const response = await agent.request({
      origin: url.origin,
      path: url.pathname,
      method: "POST",
      headers,
      body,
      signal: AbortSignal.timeout(5000),
    });
    await response.body.text();
    if (response.statusCode < 200 || response.statusCode >= 300) {
      throw new Error(`bench: the endpoint answered ${response.statusCode}`);
    }
  },
  { connection: ioredis.connect(host, Number(portText)) as never, concurrency: Number(concurrencyText) },
);
worker.on("error", (error) => console.error(`bench: bullmq worker: ${error.message}`));
await worker.waitUntilReady();
process.send?.("ready");
process.on("disconnect", () => {
  const forceExit = setTimeout(() => process.exit(0), 5000);
  forceExit.unref();
  void worker
    .close()
    .then(() => agent.close())
    .finally(() => process.exit(0));
});
