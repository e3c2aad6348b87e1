import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultDeliverySettings } from "../../src/delivery/settings.js";
import { createDeliveryWorker, type DeliveryWorker } from "../../src/delivery/worker.js";
import type { Logger } from "../../src/domain/logger.js";
import { createLoopbackSender } from "../support/loopback-sender.js";
import { type RecordingReceiver, startRecordingReceiver } from "../support/recording-receiver.js";
import { waitFor } from "../support/wait-for.js";
import { type ApiHarness, startApiHarness } from "./support/api-harness.js";
import { sampleData } from "./support/samples.js";

/**
 * An endpoint secret is shown only by the routes that reveal it (create/rotate/PUT answers and GET
 * .../secret): never in a listing or another answer, never in a log line (API and worker), never in
 * clear in the database file (nor its WAL).
 */
let h: ApiHarness;
let ok: RecordingReceiver;
let failing: RecordingReceiver;
let worker: DeliveryWorker;
const workerLines: unknown[] = [];
const secrets: string[] = [];
const revealingAnswers: string[] = [];

const workerLogger: Logger = {
  debug: (fields, message) => workerLines.push({ fields, message }),
  info: (fields, message) => workerLines.push({ fields, message }),
  warn: (fields, message) => workerLines.push({ fields, message }),
  error: (fields, message) => workerLines.push({ fields, message }),
};

async function call(method: "GET" | "POST" | "PUT" | "PATCH", url: string, payload?: unknown) {
  const answer = await h.app.inject({
    method,
    url,
    headers: h.alice.auth,
    ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
  });
  expect(answer.statusCode, `${method} ${url}: ${answer.body}`).toBeLessThan(300);
  return answer;
}

beforeAll(async () => {
  h = await startApiHarness({ developmentMode: true, testSender: { timeoutMs: 2000 } });
  ok = await startRecordingReceiver();
  failing = await startRecordingReceiver((_request, response) => {
    response.writeHead(500).end("nope");
  });
  const sender = createLoopbackSender({ timeoutMs: 2000 });
  worker = createDeliveryWorker({
    store: h.store,
    sender,
    secretBox: h.secretBox,
    clock: h.clock,
    logger: workerLogger,
    settings: { ...defaultDeliverySettings, retrySchedule: { delaysMs: [], jitterRatio: 0 }, idlePollMs: 50 },
  });
  worker.start();

  // Every way a secret comes to be: given at creation, generated at creation, by PATCH, by PUT, by rotations.
  secrets.push("given-at-creation-8c1f");
  const given = await call("POST", "/v1/endpoints", {
    url: `${ok.url}/given`,
    event_types: ["campaign.created"],
    secret: secrets[0],
  });
  const generated = await call("POST", "/v1/endpoints", {
    url: `${failing.url}/generated`,
    event_types: ["campaign.created"],
    generate_secret: true,
  });
  revealingAnswers.push(generated.body);
  secrets.push(generated.json().secret);
  const givenId = given.json().id as string;
  const generatedId = generated.json().id as string;
  const patched = await call("PATCH", `/v1/endpoints/${generatedId}`, { generate_secret: true });
  revealingAnswers.push(patched.body);
  secrets.push(patched.json().secret);
  const put = await call("PUT", `/v1/endpoints/${generatedId}/secret`, { generate: true });
  revealingAnswers.push(put.body);
  secrets.push(put.json().secret);
  secrets.push("rotated-in-by-hand-77d2");
  revealingAnswers.push(
    (await call("POST", `/v1/endpoints/${givenId}/secret/rotate`, { secret: secrets.at(-1) })).body,
  );
  const rotated = await call("POST", `/v1/endpoints/${generatedId}/secret/rotate`, {});
  revealingAnswers.push(rotated.body);
  secrets.push(rotated.json().secret);
  revealingAnswers.push((await call("GET", `/v1/endpoints/${givenId}/secret`)).body);

  // Deliveries signed with them (both endpoints are mid-rotation: two secrets each), one failing.
  await call("POST", "/v1/events", { event: "campaign.created", data: sampleData("campaign.created") });
  await call("POST", `/v1/endpoints/${givenId}/test`, { event_type: "credits.low" });
  await call("POST", `/v1/endpoints/${generatedId}/test`, { event_type: "credits.depleted" });
  worker.wake();
  await waitFor("both deliveries attempted", async () => (await h.deliveryCounts()).pending === 0, 10_000);
  expect(ok.requests.length).toBeGreaterThanOrEqual(2);
  expect(failing.requests.length).toBeGreaterThanOrEqual(2);
});

afterAll(async () => {
  await worker.stop();
  await ok.close();
  await failing.close();
  await h.close();
});

describe("an endpoint secret never leaks", () => {
  it("the test really made secrets, signed with them, and revealed them where it should", () => {
    expect(secrets).toHaveLength(6);
    expect(new Set(secrets).size).toBe(6);
    for (const secret of [secrets[4], secrets[5]]) {
      expect(revealingAnswers.some((body) => body.includes(secret ?? "?"))).toBe(true);
    }
  });

  it("is in no listing nor any other answer", async () => {
    const accountId = h.alice.account.id;
    const [delivery] = await h.store.listDeliveries(accountId, { limit: 1 });
    const [event] = await h.store.listEvents(accountId, { limit: 1 });
    const endpoints = await h.store.listEndpoints(accountId);
    const urls = [
      "/v1/endpoints",
      ...endpoints.flatMap((e) => [`/v1/endpoints/${e.id}`, `/v1/endpoints/${e.id}/stats`]),
      "/v1/deliveries",
      "/v1/deliveries?test=true",
      `/v1/deliveries/${delivery?.id}`,
      "/v1/events",
      `/v1/events/${event?.id}`,
      "/v1/stats/deliveries",
      "/v1/account",
    ];
    const deliveryIds = (await h.store.listDeliveries(accountId, { limit: 100 })).map(
      (d) => `/v1/deliveries/${d.id}`,
    );
    for (const url of [...urls, ...deliveryIds]) {
      const answer = await call("GET", url);
      for (const secret of secrets) expect(answer.body, url).not.toContain(secret);
    }
  });

  it("is in no log line, of the API or of the worker", () => {
    const apiLog = JSON.stringify(h.logged);
    const workerLog = JSON.stringify(workerLines);
    expect(h.logged.length).toBeGreaterThan(10);
    expect(workerLines.length).toBeGreaterThan(0);
    for (const secret of secrets) {
      expect(apiLog).not.toContain(secret);
      expect(workerLog).not.toContain(secret);
    }
  });

  it("is never in clear in the database file or its WAL, only sealed", async () => {
    const dir = dirname(h.databaseFile);
    const files = readdirSync(dir).filter((name) => name.startsWith("store.sqlite"));
    expect(files).toContain("store.sqlite");
    const bytes = Buffer.concat(files.map((name) => readFileSync(join(dir, name))));
    expect(bytes.length).toBeGreaterThan(4096);
    for (const secret of secrets) {
      expect(bytes.includes(Buffer.from(secret, "utf8")), secret).toBe(false);
      expect(bytes.includes(Buffer.from(secret, "utf8").toString("base64")), secret).toBe(false);
    }
    // What the store holds opens to the secrets: they are there, sealed.
    const endpoints = await h.store.listEndpoints(h.alice.account.id);
    const opened = endpoints.map((e) => h.secretBox.open(e.sealedSecret ?? ""));
    expect(opened.sort()).toEqual([secrets[4], secrets[5]].sort());
  });
});
