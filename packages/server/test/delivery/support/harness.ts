import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createHttpSender, type HttpSenderOptions } from "../../../src/delivery/http-sender.js";
import type { DeliverySettings } from "../../../src/delivery/settings.js";
import {
  createDeliveryWorker,
  type DeliveryWorker,
  type DeliveryWorkerDeps,
} from "../../../src/delivery/worker.js";
import type { CircuitSettings } from "../../../src/domain/circuit-rule.js";
import { systemClock } from "../../../src/domain/clock.js";
import { createSecretBox, generateMasterKey, type SecretBox } from "../../../src/domain/secret-box.js";
import type { DeliveryRecord, DeliveryStatus } from "../../../src/domain/types.js";
import type { Store } from "../../../src/store/port.js";
import type { Fixture } from "../../support/fixture-hooks.js";
import { type ReceiverHandler, startReceiver, type TestReceiver } from "./receiver.js";
import { openTestStore, recordingLogger, seedAccount, testSettings } from "./seed.js";
import { waitFor } from "./wait-for.js";

/** One test's world: a real SQLite file, an account, loopback receivers and workers, all cleaned up. */
export interface Harness {
  readonly store: Store;
  readonly secretBox: SecretBox;
  readonly logger: ReturnType<typeof recordingLogger>;
  readonly accountId: string;
  receiver(handler: ReceiverHandler, tls?: { key: string; cert: string }): Promise<TestReceiver>;
  startWorker(
    settings?: Partial<DeliverySettings>,
    deps?: Partial<Omit<DeliveryWorkerDeps, "settings">>,
    senderOptions?: HttpSenderOptions,
  ): DeliveryWorker;
  /** Waits until the delivery of `eventId` is `status`, and answers it. */
  waitForStatus(eventId: string, status: DeliveryStatus, timeoutMs?: number): Promise<DeliveryRecord>;
  cleanup(): Promise<void>;
}

/** `circuit`: the store's circuit breaker thresholds (the defaults otherwise). */
export async function createHarness(options: { readonly circuit?: CircuitSettings } = {}): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), "vh-delivery-"));
  const store = await openTestStore(dir, undefined, options.circuit ? { circuit: options.circuit } : {});
  const secretBox = createSecretBox(generateMasterKey());
  const logger = recordingLogger();
  const accountId = await seedAccount(store);
  const receivers: TestReceiver[] = [];
  const workers: DeliveryWorker[] = [];
  const senders: { close(): Promise<void> }[] = [];

  return {
    store,
    secretBox,
    logger,
    accountId,
    async receiver(handler, tls) {
      const started = await startReceiver(handler, tls);
      receivers.push(started);
      return started;
    },
    startWorker(settings = {}, deps = {}, senderOptions = {}) {
      const resolved = testSettings(settings);
      const sender =
        deps.sender ??
        createHttpSender({
          timeoutMs: resolved.attemptTimeoutMs,
          excerptBytes: resolved.responseExcerptBytes,
          ...senderOptions,
        });
      senders.push(sender);
      const worker = createDeliveryWorker({
        store,
        sender,
        secretBox,
        clock: systemClock,
        logger,
        ...deps,
        settings: resolved,
      });
      workers.push(worker);
      worker.start();
      return worker;
    },
    waitForStatus(eventId, status, timeoutMs = 5000) {
      return waitFor(
        `the delivery of ${eventId} to be ${status}`,
        async () => {
          const [delivery] = await store.listDeliveries(accountId, { limit: 1, eventId });
          return delivery?.status === status ? delivery : undefined;
        },
        timeoutMs,
      );
    },
    async cleanup() {
      await Promise.all(workers.map((w) => w.stop()));
      await Promise.all(senders.map((s) => s.close()));
      await Promise.all(receivers.map((r) => r.close()));
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The harness as a fixture: `forEachTest(deliveryHarness(), (started) => (h = started))`. */
export function deliveryHarness(options: { readonly circuit?: CircuitSettings } = {}): Fixture<Harness> {
  return { open: () => createHarness(options), end: (harness) => harness.cleanup() };
}
