import { afterEach, describe, expect, it } from "vitest";
import { createHttpSender } from "../../src/delivery/http-sender.js";
import { createDeliveryWorker, type DeliveryWorker } from "../../src/delivery/worker.js";
import { systemClock } from "../../src/domain/clock.js";
import { createSecretBox, generateMasterKey } from "../../src/domain/secret-box.js";
import { openPostgresStore, type PostgresStore } from "../../src/store/postgres/index.js";
import { dropSchema, freshSchemaName, postgresTestUrl, requirePostgres } from "../support/postgres.js";
import { startReceiver, type TestReceiver } from "./support/receiver.js";
import { publishEnvelope, recordingLogger, seedAccount, seedEndpoint, testSettings } from "./support/seed.js";
import { waitFor } from "./support/wait-for.js";

const availability = await requirePostgres("packages/server/test/delivery/worker-circuit-postgres.test.ts");
const describeWithPostgres = availability.run ? describe : describe.skip;

const CIRCUIT = { failureThreshold: 3, cooldownMs: 700, maxCooldownMs: 1400 };

describeWithPostgres("delivery workers on PostgreSQL: one circuit for every worker process", () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it("three workers on three pools pause together, send one probe per pause, and resume together", async () => {
    const schema = freshSchemaName();
    cleanups.push(() => dropSchema(schema));
    // Three handles stand for three processes: each has its own pool, nothing in memory is shared.
    const stores: PostgresStore[] = [0, 1, 2].map(() =>
      openPostgresStore({ connectionString: postgresTestUrl(), schema, poolSize: 3, circuit: CIRCUIT }),
    );
    for (const store of stores) cleanups.push(() => store.close());
    const [first] = stores;
    if (first === undefined) throw new Error("no store");
    await first.migrate();
    const state = { healthy: false };
    const receiver: TestReceiver = await startReceiver((_request, response) => {
      response.writeHead(state.healthy ? 200 : 500).end();
    });
    cleanups.push(() => receiver.close());
    const accountId = await seedAccount(first);
    const endpointId = await seedEndpoint(first, accountId, receiver.url);
    for (let i = 0; i < 9; i++) await publishEnvelope(first, accountId, { i });

    const secretBox = createSecretBox(generateMasterKey());
    const settings = testSettings({
      maxInFlightPerEndpoint: 1,
      retrySchedule: { delaysMs: [10, 10, 10, 10, 10, 10, 10, 10], jitterRatio: 0 },
      idlePollMs: 50,
    });
    const workers: DeliveryWorker[] = stores.map((store) => {
      const sender = createHttpSender({ timeoutMs: settings.attemptTimeoutMs });
      cleanups.push(() => sender.close());
      const worker = createDeliveryWorker({
        store,
        sender,
        secretBox,
        clock: systemClock,
        logger: recordingLogger(),
        settings,
      });
      cleanups.push(() => worker.stop());
      return worker;
    });
    for (const worker of workers) worker.start();
    const circuitSeenBy = async (store: PostgresStore) =>
      (await store.getEndpoint(accountId, endpointId))?.circuit;

    await waitFor("the circuit to open", async () => (await circuitSeenBy(first))?.openedAt != null, 5000);
    await new Promise((resolve) => setTimeout(resolve, 150)); // let what was in flight land
    const atOpening = receiver.requests.length;
    // Paused for 700 ms from the opening: no worker sends anything meanwhile.
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(receiver.requests.length).toBe(atOpening);
    const seen = await Promise.all(stores.map(circuitSeenBy));
    expect(new Set(seen.map((circuit) => circuit?.openedAt)).size).toBe(1); // all agree

    // Two pauses: each ends with exactly one probe, whichever process sends it.
    await waitFor("the first probe", () => receiver.requests.length >= atOpening + 1, 4000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(receiver.requests.length).toBe(atOpening + 1);
    await waitFor("the second probe", () => receiver.requests.length >= atOpening + 2, 4000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(receiver.requests.length).toBe(atOpening + 2);

    state.healthy = true;
    await waitFor(
      "every delivery to succeed",
      async () =>
        (await first.listDeliveries(accountId, { limit: 20 })).every((d) => d.status === "succeeded"),
      6000,
    );
    expect(await Promise.all(stores.map((store) => store.countOpenCircuits()))).toEqual([0, 0, 0]);
    expect(receiver.requests.length).toBe(atOpening + 2 + 9);
  });
});
