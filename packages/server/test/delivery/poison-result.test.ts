import { afterEach, describe, expect, it } from "vitest";
import { createDeliveryWorker, type DeliveryWorker } from "../../src/delivery/worker.js";
import { systemClock } from "../../src/domain/clock.js";
import { createSecretBox, generateMasterKey } from "../../src/domain/secret-box.js";
import type { AttemptResult, Store } from "../../src/store/port.js";
import { createLoopbackSender } from "../support/loopback-sender.js";
import { makePostgresTestStore, requirePostgres } from "../support/postgres.js";
import { startReceiver, type TestReceiver } from "./support/receiver.js";
import { envelopeEvent, recordingLogger, seedAccount, seedEndpoint, testSettings } from "./support/seed.js";
import { waitFor } from "./support/wait-for.js";

const availability = await requirePostgres("packages/server/test/delivery/poison-result.test.ts");
const describeWithPostgres = availability.run ? describe : describe.skip;

const GOOD = 1000;
/** What PostgreSQL says of a NUL byte in text: the real fault, refused here for one delivery only. */
const POISON_ERROR = 'invalid byte sequence for encoding "UTF8": 0x00';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The store, refusing `refuses(result)` results like a row it cannot write, and timing every write. */
function refusingStore(store: Store, refuses: (result: AttemptResult) => boolean) {
  const recordedAt = new Map<string, number>();
  const wrapped = new Proxy(store, {
    get(target, property) {
      if (property === "recordAttemptResults") {
        return async (results: readonly AttemptResult[]) => {
          if (results.some(refuses)) throw new Error(POISON_ERROR);
          const outcome = await target.recordAttemptResults(results);
          for (const result of results) recordedAt.set(result.attempt.id, Date.now());
          return outcome;
        };
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { wrapped, recordedAt };
}

async function world() {
  const made = await makePostgresTestStore({ poolSize: 6 });
  cleanups.push(made.cleanup);
  const receiver: TestReceiver = await startReceiver((request, response) => {
    response
      .writeHead(200, { "content-type": "text/plain" })
      .end(request.path.includes("poison") ? "poison" : "ok");
  });
  cleanups.push(() => receiver.close());
  const accountId = await seedAccount(made.store);
  await seedEndpoint(made.store, accountId, `${receiver.url}/good`);
  const poisonEndpoint = await seedEndpoint(made.store, accountId, `${receiver.url}/poison`, {
    eventTypes: ["candidate.added"],
  });
  return { store: made.store, receiver, accountId, poisonEndpoint };
}

/** One publish: `good` events for the good endpoint, the poison endpoint's one in the middle. */
async function publishAll(store: Store, accountId: string, good: number): Promise<void> {
  const now = Date.now();
  const events = Array.from({ length: good }, () => envelopeEvent("campaign.created", now));
  events.splice(good / 2, 0, envelopeEvent("candidate.added", now));
  await store.publish({ accountId, idempotencyKey: null, events, campaignId: null, now });
}

function startWorker(
  store: Store,
  logger: ReturnType<typeof recordingLogger>,
  leaseMs = 30_000,
): DeliveryWorker {
  const sender = createLoopbackSender({ timeoutMs: 2000 });
  const worker = createDeliveryWorker({
    store,
    sender,
    secretBox: createSecretBox(generateMasterKey()),
    clock: systemClock,
    logger,
    settings: testSettings({
      maxInFlight: 64,
      claimBatchSize: 64,
      maxInFlightPerEndpoint: 64,
      recordBatchMaxDelayMs: 5,
      leaseMs,
    }),
  });
  cleanups.push(async () => {
    await worker.stop();
    await sender.close();
  });
  worker.start();
  return worker;
}

describeWithPostgres("a result the store cannot write, among good ones (PostgreSQL)", () => {
  it("records all 1,000 good results within a second each; the bad one is an attempt saying why; nothing left pending or leased", async () => {
    const { store, accountId, poisonEndpoint } = await world();
    await publishAll(store, accountId, GOOD);
    const [poison] = await store.listDeliveries(accountId, { limit: 1, endpointId: poisonEndpoint });
    if (poison === undefined) throw new Error("no poison delivery");
    // Its full row cannot be written (like a NUL excerpt); the same attempt without its response can.
    const { wrapped, recordedAt } = refusingStore(
      store,
      (r) => r.attempt.deliveryId === poison.id && r.attempt.responseExcerpt !== null,
    );
    const logger = recordingLogger();
    startWorker(wrapped, logger);

    await waitFor(
      "every delivery to be finished",
      async () => (await store.countDeliveriesByStatus()).pending === 0,
      30_000,
    );
    expect(await store.countDeliveriesByStatus()).toMatchObject({
      succeeded: GOOD + 1,
      pending: 0,
      failed: 0,
    });
    expect((await store.queueStats(Date.now())).leased).toBe(0);

    const good = await store.listDeliveries(accountId, { limit: 2000, status: "succeeded" });
    let slowest = 0;
    for (const delivery of good) {
      if (delivery.id === poison.id) continue;
      const [attempt] = await store.listAttempts(accountId, delivery.id);
      const at = attempt === undefined ? undefined : recordedAt.get(attempt.id);
      if (attempt === undefined || at === undefined)
        throw new Error(`no recorded attempt for ${delivery.id}`);
      slowest = Math.max(slowest, at - (attempt.startedAt + attempt.durationMs));
    }
    expect(slowest).toBeLessThan(1000);

    const attempts = await store.listAttempts(accountId, poison.id);
    expect(attempts).toHaveLength(1);
    expect(attempts[0]).toMatchObject({ attemptNumber: 1, statusCode: 200, responseExcerpt: null });
    expect(attempts[0]?.errorMessage).toContain("could not be stored");
    expect(attempts[0]?.errorMessage).toContain(POISON_ERROR);
    const logged = logger.lines.filter(
      (line) => line.level === "error" && JSON.stringify(line.fields).includes(poison.id),
    );
    expect(logged.map((line) => line.message).join("\n")).toContain("recorded without its response details");
  });

  it("quarantines a result refused in every form: the others are recorded and its lease is not renewed", async () => {
    const { store, receiver, accountId, poisonEndpoint } = await world();
    await publishAll(store, accountId, 50);
    const [poison] = await store.listDeliveries(accountId, { limit: 1, endpointId: poisonEndpoint });
    if (poison === undefined) throw new Error("no poison delivery");
    const { wrapped } = refusingStore(store, (r) => r.attempt.deliveryId === poison.id);
    const logger = recordingLogger();
    const leaseMs = 2500;
    startWorker(wrapped, logger, leaseMs);

    await waitFor(
      "the good deliveries to succeed",
      async () => (await store.countDeliveriesByStatus()).succeeded === 50,
      10_000,
    );
    await waitFor(
      "the quarantine to be logged",
      () =>
        logger.lines.some(
          (line) => line.message.includes("quarantined") && JSON.stringify(line.fields).includes(poison.id),
        ),
      5_000,
    );
    // Not wedged on it: its lease ends and it is sent again (never renewed by this worker's claims).
    const poisonRequests = () => receiver.requests.filter((request) => request.path.includes("poison"));
    await waitFor(
      "the poison delivery to be sent again after its lease",
      () => poisonRequests().length >= 2,
      3 * leaseMs + 2000,
    );
    const [first, second] = poisonRequests();
    expect((second?.receivedAt ?? 0) - (first?.receivedAt ?? 0)).toBeGreaterThanOrEqual(leaseMs - 500); // the lease began at the claim, before the POST;
    expect(await store.getDelivery(accountId, poison.id)).toMatchObject({
      status: "pending",
      attemptCount: 0,
    });
  });
});
