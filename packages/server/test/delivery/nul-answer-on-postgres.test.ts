import { afterEach, describe, expect, it } from "vitest";
import { createApi } from "../../src/api/create-api.js";
import { createDeliveryWorker } from "../../src/delivery/worker.js";
import { systemClock } from "../../src/domain/clock.js";
import { createSecretBox, generateMasterKey } from "../../src/domain/secret-box.js";
import { requestsWith } from "../api/support/header-requests.js";
import { createAccountWithKey } from "../support/account-with-key.js";
import { createLoopbackSender } from "../support/loopback-sender.js";
import { makePostgresTestStore, requirePostgres } from "../support/postgres.js";
import { startReceiver } from "./support/receiver.js";
import { publishEnvelope, recordingLogger, testSettings } from "./support/seed.js";
import { waitFor } from "./support/wait-for.js";

const availability = await requirePostgres("packages/server/test/delivery/nul-answer-on-postgres.test.ts");
const describeWithPostgres = availability.run ? describe : describe.skip;

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** "ok", NUL, a byte that is not UTF-8, "!": what PostgreSQL text refused before (0x00). */
const HOSTILE_BODY = Buffer.from([0x6f, 0x6b, 0x00, 0xff, 0x21]);
const STORED_EXCERPT = "ok\uFFFD\uFFFD!";

describeWithPostgres("an endpoint answering 200 with a NUL byte, on PostgreSQL", () => {
  it("is recorded succeeded with a valid excerpt, other endpoints keep flowing, and the Tester answers 200", async () => {
    const { store, cleanup } = await makePostgresTestStore({ poolSize: 4 });
    cleanups.push(cleanup);
    const hostile = await startReceiver((_request, response) => {
      response.writeHead(200, { "content-type": "text/plain" }).end(HOSTILE_BODY);
    });
    const healthy = await startReceiver((_request, response) => {
      response.writeHead(200).end("fine");
    });
    cleanups.push(
      () => hostile.close(),
      () => healthy.close(),
    );
    const sender = createLoopbackSender({ timeoutMs: 2000 });
    cleanups.push(() => sender.close());
    const secretBox = createSecretBox(generateMasterKey());
    const shared = { store, secretBox, clock: systemClock };
    const app = createApi({
      ...shared,
      logger: recordingLogger(),
      onPublished: () => {},
      developmentMode: true,
      testSender: sender,
      userAgent: "VoiceHire-Webhooks/test",
    });
    cleanups.push(() => app.close());
    await app.ready();
    const created = await createAccountWithKey({ store, clock: systemClock }, "Acme");
    const requests = requestsWith(app, created.auth);
    const endpoint = async (url: string) => {
      const answer = await requests.post("/v1/endpoints", { url, event_types: ["campaign.created"] });
      expect(answer.statusCode).toBe(201);
      return answer.json().id as string;
    };
    const hostileId = await endpoint(`${hostile.url}/hooks`);
    const healthyId = await endpoint(`${healthy.url}/hooks`);

    const logger = recordingLogger();
    const worker = createDeliveryWorker({ ...shared, sender, logger, settings: testSettings() });
    cleanups.push(() => worker.stop());
    worker.start();
    const eventIds: string[] = [];
    for (let i = 0; i < 20; i++) eventIds.push((await publishEnvelope(store, created.account.id)).eventId);
    worker.wake();

    await waitFor(
      "all 40 deliveries to succeed",
      async () => (await store.countDeliveriesByStatus()).succeeded === 40,
      15_000,
    );
    expect(await store.countDeliveriesByStatus()).toMatchObject({ pending: 0, failed: 0 });
    const hostileDeliveries = await store.listDeliveries(created.account.id, {
      limit: 50,
      endpointId: hostileId,
    });
    expect(hostileDeliveries).toHaveLength(20);
    for (const delivery of hostileDeliveries) {
      expect(delivery.status).toBe("succeeded");
      const attempts = await store.listAttempts(created.account.id, delivery.id);
      expect(attempts.map((a) => [a.statusCode, a.responseExcerpt])).toEqual([[200, STORED_EXCERPT]]);
    }
    expect(
      await store.listDeliveries(created.account.id, {
        limit: 50,
        endpointId: healthyId,
        status: "succeeded",
      }),
    ).toHaveLength(20);
    expect(logger.lines.filter((line) => line.level === "error")).toEqual([]);

    const tested = await requests.post(`/v1/endpoints/${hostileId}/test`, { event_type: "campaign.created" });
    expect(tested.statusCode).toBe(200);
    expect(tested.json()).toMatchObject({
      succeeded: true,
      status_code: 200,
      response_excerpt: STORED_EXCERPT,
    });
    const testDelivery = await store.getDelivery(created.account.id, tested.json().delivery_id as string);
    expect(testDelivery).toMatchObject({ status: "succeeded", test: true });
  });
});
