import { defaultDeliverySettings } from "../../../src/delivery/settings.js";
import { createDeliveryWorker } from "../../../src/delivery/worker.js";
import { systemClock } from "../../../src/domain/clock.js";
import { type Logger, silentLogger } from "../../../src/domain/logger.js";
import { createSecretBox, generateMasterKey } from "../../../src/domain/secret-box.js";
import { openPostgresStore } from "../../../src/store/postgres/index.js";
import { publishEnvelope } from "../../delivery/support/seed.js";
import { givenAccount, givenEndpoint } from "../../store/conformance/fixtures.js";
import { createLoopbackSender } from "../../support/loopback-sender.js";
import { startRecordingReceiver } from "../../support/recording-receiver.js";
import { waitFor } from "../../support/wait-for.js";

/** The worker's idle poll: far longer than any wait of the test, so only a NOTIFY can wake it. */
const IDLE_POLL_MS = 10 * 60_000;

export interface ListeningWorker {
  /** As an in-process publish would: the worker looks for work now. */
  wake(): void;
  /** Publishes from another pool (as another process would) and waits for the receiver to get it. */
  publishAndExpectDelivery(withinMs: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * A delivery worker woken only by LISTEN/NOTIFY (its poll is 10 minutes) in a schema of its own, and a
 * publisher on a second pool, so no wake-up happens in-process: a delivery within seconds proves that
 * the NOTIFY of the publish reached the worker's LISTEN connection.
 */
export async function startListeningWorker(
  url: string,
  schema: string,
  logger: Logger = silentLogger,
): Promise<ListeningWorker> {
  const workerStore = openPostgresStore({ connectionString: url, schema, poolSize: 2 });
  await workerStore.migrate();
  const publisherStore = openPostgresStore({ connectionString: url, schema, poolSize: 2 });
  const receiver = await startRecordingReceiver();
  const account = await givenAccount(publisherStore);
  await givenEndpoint(publisherStore, account.id, ["campaign.created"], { url: `${receiver.url}/hook` });
  const sender = createLoopbackSender({ timeoutMs: 2_000 });
  const worker = createDeliveryWorker({
    store: workerStore,
    sender,
    secretBox: createSecretBox(generateMasterKey()),
    clock: systemClock,
    logger,
    settings: { ...defaultDeliverySettings, idlePollMs: IDLE_POLL_MS },
  });
  const listener = await workerStore.listenForWork(() => worker.wake());
  worker.start();

  return {
    wake: () => worker.wake(),
    async publishAndExpectDelivery(withinMs) {
      const { eventId } = await publishEnvelope(publisherStore, account.id);
      await waitFor(
        `the worker to deliver ${eventId} (woken through its LISTEN connection)`,
        () => receiver.requests.some((request) => request.headers["x-voicehire-event-id"] === eventId),
        withinMs,
      );
    },
    async close() {
      await worker.stop();
      await listener.close();
      await sender.close();
      await receiver.close();
      await publisherStore.close();
      await workerStore.close();
    },
  };
}
