/**
 * The delivery worker's own CPU per 1,000 deliveries, draining a backlog on SQLite: the publish path
 * is kept out (events are written before the clock starts), the receiver runs in a child process
 * (plain node:http, 200 at once), so this process's user + system time is the worker's. Not a test:
 * run it by hand, on loopback only:
 *   npx tsx packages/server/test/delivery/measure/worker-drain-cpu.ts [events] [endpoints] [profile file]
 * With a profile file, the drain alone is CPU-profiled into it (open it in Chrome's DevTools).
 * The store's share is the time spent inside its claims and result writes (synchronous on SQLite, so
 * that time is this thread's CPU, or waits on the disk's fsync).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createHttpSender } from "../../../src/delivery/http-sender.js";
import { defaultDeliverySettings } from "../../../src/delivery/settings.js";
import { createDeliveryWorker } from "../../../src/delivery/worker.js";
import { systemClock } from "../../../src/domain/clock.js";
import { createSecretBox, generateMasterKey } from "../../../src/domain/secret-box.js";
import { countingStore } from "../support/counting-store.js";
import {
  openTestStore,
  publishEnvelope,
  recordingLogger,
  seedAccount,
  seedEndpoint,
} from "../support/seed.js";
import { forkLoopbackReceiver } from "./fork-loopback-receiver.js";

const events = Number(process.argv[2] ?? 5000);
const endpointCount = Number(process.argv[3] ?? 4);
const profileFile = process.argv[4];

const receiver = await forkLoopbackReceiver();
const port = receiver.port;
const dir = mkdtempSync(join(tmpdir(), "vh-drain-"));
const store = await openTestStore(dir);
const secretBox = createSecretBox(generateMasterKey());
const accountId = await seedAccount(store);
for (let i = 0; i < endpointCount; i++) {
  await seedEndpoint(store, accountId, `http://127.0.0.1:${port}/ep${i}`, { secretBox, secret: `s-${i}` });
}
for (let i = 0; i < events; i++) await publishEnvelope(store, accountId, { i });
const deliveries = events * endpointCount;
const settings = defaultDeliverySettings;
const sender = createHttpSender({
  timeoutMs: settings.attemptTimeoutMs,
  connectionsPerEndpoint: settings.maxInFlightPerEndpoint,
});
let recorded = 0;
let allRecorded: () => void = () => {};
const drained = new Promise<void>((resolve) => {
  allRecorded = resolve;
});
// How often the worker goes to the store, beside its CPU: claims and group commits per 1,000.
const { counted, calls } = countingStore(store);
const parts = {
  sender,
  secretBox,
  settings,
  store: counted,
  clock: systemClock,
  logger: recordingLogger(),
};
const worker = createDeliveryWorker({
  ...parts,
  // Counted as /metrics counts them, so the wait itself costs nothing (no polling of the store).
  onAttemptsRecorded(results) {
    recorded += results.filter((result) => result.next.status !== "pending").length;
    if (recorded >= deliveries) allRecorded();
  },
});
const profiler = new Session();
if (profileFile !== undefined) {
  profiler.connect();
  await profiler.post("Profiler.enable");
  await profiler.post("Profiler.start");
}
const cpuBefore = process.cpuUsage();
const startedAt = performance.now();
worker.start();
await drained;
const wallMs = performance.now() - startedAt;
const perThousand = (count: number) => ((count / deliveries) * 1000).toFixed(1);
const cpu = process.cpuUsage(cpuBefore);
if (profileFile !== undefined) {
  const { profile } = await profiler.post("Profiler.stop");
  writeFileSync(profileFile, JSON.stringify(profile));
}
const cpuMs = (cpu.user + cpu.system) / 1000;
console.log(
  `${deliveries} deliveries to ${endpointCount} endpoints in ${wallMs.toFixed(0)} ms ` +
    `(${Math.round((deliveries / wallMs) * 1000)}/s) · worker CPU ${((cpuMs / deliveries) * 1000).toFixed(0)} ms/1k` +
    ` · per 1k: ${perThousand(calls.claims)} claims, ${perThousand(calls.resultWrites)} result writes` +
    ` · store ${perThousand(calls.claimMs + calls.resultWriteMs)} ms/1k` +
    ` (claims ${perThousand(calls.claimMs)}, result writes ${perThousand(calls.resultWriteMs)}),` +
    ` ${Math.round(((calls.claimMs + calls.resultWriteMs) / cpuMs) * 100)}% of the worker's CPU`,
);
await worker.stop();
await sender.close();
await store.close();
receiver.stop();
rmSync(dir, { recursive: true, force: true });
