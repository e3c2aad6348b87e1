/**
 * Would the HTTP sender cost less CPU in a worker thread? The same POSTs as `sender-cpu.ts` (attempt
 * maker, signed, a fixed number in flight), once with the sender in this thread and once with it in a
 * worker thread fed in batches by a proxy `DeliverySender` (what building it in would look like). The
 * figure is the whole process's CPU (every thread: `process.cpuUsage`) per 1,000 POSTs, since moving
 * work to another core does not make it cheaper. Uses the built service (`npm run build` first). By
 * hand, loopback only:
 *   npx tsx packages/server/test/delivery/measure/sender-thread-cpu.ts [posts] [concurrency]
 */
import { Worker } from "node:worker_threads";
import { createHttpSender } from "../../../dist/delivery/http-sender.js";
import { createAttemptMaker } from "../../../dist/delivery/make-attempt.js";
import type { DeliverySender, SendOutcome, SendRequest } from "../../../dist/delivery/sender.js";
import { defaultDeliverySettings } from "../../../dist/delivery/settings.js";
import { defaultRetrySchedule } from "../../../dist/domain/retry-schedule.js";
import { createSecretBox, generateMasterKey } from "../../../dist/domain/secret-box.js";
import { forkLoopbackReceiver } from "./fork-loopback-receiver.js";

const posts = Number(process.argv[2] ?? 20_000);
const concurrency = Number(process.argv[3] ?? 128);
const settings = defaultDeliverySettings;
const senderUrl = new URL("../../../dist/delivery/http-sender.js", import.meta.url).href;

/** The worker thread: sends each batch it is given, answers the outcomes in batches. */
const THREAD_CODE = `
const { parentPort, workerData } = require("node:worker_threads");
import(workerData.senderUrl).then(({ createHttpSender }) => {
  const sender = createHttpSender(workerData.options);
  let done = [];
  const flush = () => { parentPort.postMessage(done); done = []; };
  parentPort.on("message", (batch) => {
    for (const [id, request] of batch) {
      sender.send(request).then((outcome) => {
        if (done.length === 0) setImmediate(flush);
        done.push([id, outcome]);
      });
    }
  });
});`;

/** A `DeliverySender` whose POSTs are made by a worker thread. */
function threadSender(): DeliverySender & { readonly thread: Worker } {
  const options = {
    timeoutMs: settings.attemptTimeoutMs,
    excerptBytes: settings.responseExcerptBytes,
    connectionsPerEndpoint: settings.maxInFlightPerEndpoint,
  };
  const thread = new Worker(THREAD_CODE, { eval: true, workerData: { senderUrl, options } });
  const waiting = new Map<number, (outcome: SendOutcome) => void>();
  let nextId = 0;
  let batch: [number, SendRequest][] = [];
  const flush = () => {
    thread.postMessage(batch);
    batch = [];
  };
  thread.on("message", (outcomes: [number, SendOutcome][]) => {
    for (const [id, outcome] of outcomes) {
      waiting.get(id)?.(outcome);
      waiting.delete(id);
    }
  });
  return {
    thread,
    send(request) {
      const id = nextId++;
      if (batch.length === 0) setImmediate(flush);
      batch.push([id, request]);
      return new Promise((resolve) => waiting.set(id, resolve));
    },
    close: () => thread.terminate().then(() => {}),
  };
}

const receiver = await forkLoopbackReceiver();
const port = receiver.port;
const secretBox = createSecretBox(generateMasterKey());
const body = new TextEncoder().encode(
  JSON.stringify({ id: "evt_1", event: "candidate.added", data: { summary: "x".repeat(300) } }),
);
const endpoints = Math.max(1, Math.ceil(concurrency / settings.maxInFlightPerEndpoint));
const requests = Array.from({ length: endpoints }, (_, i) => ({
  deliveryId: `dlv_${i}`,
  endpointId: `ep_${i}`,
  url: `http://127.0.0.1:${port}/ep${i}`,
  sealedSecrets: [secretBox.seal(`whsec_measure-${i}`)],
  eventId: "evt_1",
  eventType: "candidate.added",
  body,
  attemptNumber: 1,
}));

async function measure(label: string, sender: DeliverySender): Promise<void> {
  const makeAttempt = createAttemptMaker({
    sender,
    secretBox,
    clock: { now: () => Date.now() },
    userAgent: "VoiceHire-Webhooks/measure",
    workerId: "measure",
    retry: { schedule: defaultRetrySchedule, random: Math.random },
    test: false,
  });
  let succeeded = 0;
  const run = async (total: number) => {
    let started = 0;
    const lane = async () => {
      while (started < total) {
        const attempt = makeAttempt(requests[started++ % endpoints] as (typeof requests)[number]);
        if (attempt.kind !== "sending") throw new Error(attempt.message);
        if ((await attempt.done).next.status === "succeeded") succeeded++;
      }
    };
    await Promise.all(Array.from({ length: concurrency }, lane));
  };
  await run(2_000); // warm up
  succeeded = 0;
  const cpuBefore = process.cpuUsage();
  const wallBefore = performance.now();
  await run(posts);
  const wallMs = performance.now() - wallBefore;
  const cpu = process.cpuUsage(cpuBefore);
  await sender.close();
  if (succeeded !== posts) throw new Error(`only ${succeeded} of ${posts} POSTs succeeded`);
  console.log(
    `${label}: ${posts} POSTs at ${concurrency} in flight in ${wallMs.toFixed(0)} ms ` +
      `(${Math.round((posts / wallMs) * 1000)}/s) · process CPU ` +
      `${(((cpu.user + cpu.system) / 1000 / posts) * 1000).toFixed(1)} ms per 1k POSTs`,
  );
}

await measure(
  "sender in this thread  ",
  createHttpSender({
    timeoutMs: settings.attemptTimeoutMs,
    excerptBytes: settings.responseExcerptBytes,
    connectionsPerEndpoint: settings.maxInFlightPerEndpoint,
  }),
);
await measure("sender in a worker thread", threadSender());
receiver.stop();
