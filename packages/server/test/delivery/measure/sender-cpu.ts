/**
 * The send path's own CPU per 1,000 POSTs, store left out: each POST goes through the worker's attempt
 * maker (open the secret, sign the stored bytes, send with the real HTTP sender, judge the outcome into
 * the attempt to record), with a fixed number in flight. The receiver (plain node:http, 200 "ok") runs
 * in a child process, so this process's user + system time is the sender's. Not a test: run it by hand,
 * on loopback only:
 *   npx tsx packages/server/test/delivery/measure/sender-cpu.ts [posts] [concurrencies, e.g. 32,128,512]
 * Endpoints get the worker's per-endpoint bound (32 connections each): 512 in flight is 16 endpoints.
 */
import { createHttpSender } from "../../../src/delivery/http-sender.js";
import type { AttemptRequest } from "../../../src/delivery/make-attempt.js";
import { createAttemptMaker } from "../../../src/delivery/make-attempt.js";
import { defaultDeliverySettings } from "../../../src/delivery/settings.js";
import { systemClock } from "../../../src/domain/clock.js";
import { defaultRetrySchedule } from "../../../src/domain/retry-schedule.js";
import { createSecretBox, generateMasterKey } from "../../../src/domain/secret-box.js";
import { forkLoopbackReceiver } from "./fork-loopback-receiver.js";

const posts = Number(process.argv[2] ?? 20_000);
const concurrencies = (process.argv[3] ?? "32,128,512").split(",").map(Number);

const receiver = await forkLoopbackReceiver();
const port = receiver.port;
const settings = defaultDeliverySettings;
const secretBox = createSecretBox(generateMasterKey());
const body = new TextEncoder().encode(
  JSON.stringify({
    id: "evt_01JMEASURE",
    event: "candidate.interview.completed",
    timestamp: "2024-01-15T10:30:00.000Z",
    data: { candidate_id: "cand_1", campaign_id: "camp_1", interview_score: 87, summary: "x".repeat(300) },
  }),
);

async function measure(concurrency: number): Promise<void> {
  const sender = createHttpSender({
    timeoutMs: settings.attemptTimeoutMs,
    excerptBytes: settings.responseExcerptBytes,
    connectionsPerEndpoint: settings.maxInFlightPerEndpoint,
  });
  const makeAttempt = createAttemptMaker({
    sender,
    secretBox,
    clock: systemClock,
    userAgent: "VoiceHire-Webhooks/measure",
    workerId: "measure",
    retry: { schedule: defaultRetrySchedule, random: Math.random },
    test: false,
  });
  const endpoints = Math.max(1, Math.ceil(concurrency / settings.maxInFlightPerEndpoint));
  const requests: AttemptRequest[] = Array.from({ length: endpoints }, (_, i) => ({
    deliveryId: `dlv_${i}`,
    endpointId: `ep_${i}`,
    url: `http://127.0.0.1:${port}/ep${i}`,
    sealedSecrets: [secretBox.seal(`whsec_measure-${i}`)],
    eventId: "evt_01JMEASURE",
    eventType: "candidate.interview.completed",
    body,
    attemptNumber: 1,
  }));
  let started = 0;
  let succeeded = 0;
  const run = async (total: number): Promise<void> => {
    started = 0;
    const lane = async (): Promise<void> => {
      while (started < total) {
        const request = requests[started++ % endpoints] as AttemptRequest;
        const attempt = makeAttempt(request);
        if (attempt.kind !== "sending") throw new Error(attempt.message);
        const result = await attempt.done;
        if (result.next.status === "succeeded") succeeded++;
      }
    };
    await Promise.all(Array.from({ length: concurrency }, lane));
  };
  await run(Math.min(posts, 2_000)); // warm up: connections open, code optimized
  succeeded = 0;
  const cpuBefore = process.cpuUsage();
  const wallBefore = performance.now();
  await run(posts);
  const wallMs = performance.now() - wallBefore;
  const cpu = process.cpuUsage(cpuBefore);
  await sender.close();
  if (succeeded !== posts) throw new Error(`only ${succeeded} of ${posts} POSTs succeeded`);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  console.log(
    `concurrency ${String(concurrency).padStart(4)} (${endpoints} endpoints): ${posts} POSTs in ` +
      `${wallMs.toFixed(0)} ms (${Math.round((posts / wallMs) * 1000)}/s) · sender CPU ` +
      `${((cpuMs / posts) * 1000).toFixed(1)} ms per 1k POSTs`,
  );
}

for (const concurrency of concurrencies) await measure(concurrency);
receiver.stop();
