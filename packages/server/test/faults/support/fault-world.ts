import dns from "node:dns";
import type { buildConnector } from "undici";
import { expect } from "vitest";
import type { DeliverySettings } from "../../../src/delivery/settings.js";
import type { DeliveryWorker } from "../../../src/delivery/worker.js";
import type { AttemptRecord, DeliveryRecord } from "../../../src/domain/types.js";
import { type AddressPolicy, createAddressPolicy } from "../../../src/ssrf/address-policy.js";
import { createGuardedConnector } from "../../../src/ssrf/guarded-connector.js";
import type { ResolveAllAddresses } from "../../../src/ssrf/guarded-lookup.js";
import { createHarness, type Harness } from "../../delivery/support/harness.js";
import { answer, type TestReceiver } from "../../delivery/support/receiver.js";
import { publishEnvelope, seedEndpoint } from "../../delivery/support/seed.js";
import { waitFor } from "../../delivery/support/wait-for.js";

/** Attempts time out after this (instead of 5 s) where the 5 s itself is not what is tested. */
export const FAULT_TIMEOUT_MS = 700;
/** The first retry comes this long after a failure: long enough that no test sees it unless it asks. */
export const FIRST_RETRY_MS = 60_000;

/**
 * The stand-in DNS of these tests, plugged into the SSRF guard's resolver seam. Names under `.invalid`
 * never resolve (RFC 6761 §6.4: answered at once, so no query ever leaves the machine); `*.faults.test`
 * names resolve as the table says (a hostile zone); everything else (`localhost`) goes to the system's
 * `dns.lookup`, which reads /etc/hosts.
 */
export const faultZone: Record<string, string> = {
  "metadata.faults.test": "169.254.169.254",
  "internal.faults.test": "127.0.0.1",
};

export const resolveInFaultZone: ResolveAllAddresses = (hostname, options, callback) => {
  if (hostname === "invalid" || hostname.endsWith(".invalid")) {
    const error: NodeJS.ErrnoException = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), {
      code: "ENOTFOUND",
    });
    process.nextTick(callback, error, []);
    return;
  }
  const address = faultZone[hostname];
  if (address === undefined) dns.lookup(hostname, options, callback);
  else process.nextTick(callback, null, [{ address, family: 4 }]);
};

/** Runs `body` in a new world, then stops and removes everything it made. */
export async function withFaultWorld(
  options: FaultWorldOptions,
  body: (world: FaultWorld) => Promise<void>,
): Promise<void> {
  const world = await createFaultWorld(options);
  try {
    await body(world);
  } finally {
    await world.h.cleanup();
  }
}

export interface FaultWorld {
  readonly h: Harness;
  readonly worker: DeliveryWorker;
  /** Every host the sender asked to connect to (before the SSRF guard decides). */
  readonly connectHosts: string[];
  readonly fast: TestReceiver | null;
  /** Publishes one delivery to the faulty endpoint (`campaign.created`); answers its event id. */
  publishFaulty(): Promise<string>;
  /** Publishes `count` deliveries to the fast endpoint; answers when they all succeeded. */
  fastDeliveriesSucceed(count: number): Promise<void>;
  /** Waits for the first attempt of `eventId` to be recorded; answers it with its delivery. */
  firstAttempt(
    eventId: string,
    timeoutMs?: number,
  ): Promise<{ attempt: AttemptRecord; delivery: DeliveryRecord }>;
  attemptCount(eventId: string): Promise<number>;
  /** Publishes to the faulty endpoint, waits for `fast` fast deliveries, answers the first faulty attempt. */
  firstFaultyAttempt(
    fast: number,
  ): Promise<{ eventId: string; attempt: AttemptRecord; delivery: DeliveryRecord }>;
}

export interface FaultWorldOptions {
  /** The faulty endpoint's URL. */
  readonly url: string;
  /** Default: only 127.0.0.1 allowed (allowlist), no development switches. */
  readonly policy?: AddressPolicy;
  /** Also serve a fast endpoint on loopback (needs the policy to allow 127.0.0.1). Default true. */
  readonly withFastEndpoint?: boolean;
  readonly settings?: Partial<DeliverySettings>;
}

/** A real SQLite store, a real worker behind the SSRF guard, the faulty endpoint and a fast one. */
export async function createFaultWorld(options: FaultWorldOptions): Promise<FaultWorld> {
  const h = await createHarness();
  const policy =
    options.policy ??
    createAddressPolicy({ allowCidrs: ["127.0.0.1/32"], allowLoopback: false, allowPrivate: false });
  const connectHosts: string[] = [];
  const guarded = createGuardedConnector(policy, { timeout: FAULT_TIMEOUT_MS }, resolveInFaultZone);
  const connector: buildConnector.connector = (connectOptions, callback) => {
    connectHosts.push(connectOptions.hostname);
    guarded(connectOptions, callback);
  };
  await seedEndpoint(h.store, h.accountId, options.url, { eventTypes: ["campaign.created"] });
  const fast = options.withFastEndpoint === false ? null : await h.receiver(answer(204));
  if (fast !== null)
    await seedEndpoint(h.store, h.accountId, `${fast.url}/fast`, { eventTypes: ["candidate.added"] });
  const worker = h.startWorker(
    {
      attemptTimeoutMs: FAULT_TIMEOUT_MS,
      leaseMs: 5_000,
      retrySchedule: { delaysMs: [FIRST_RETRY_MS], jitterRatio: 0 },
      idlePollMs: 100,
      ...options.settings,
    },
    {},
    { connector },
  );

  const deliveryOf = async (eventId: string) =>
    (await h.store.listDeliveries(h.accountId, { limit: 1, eventId }))[0];

  const world: FaultWorld = {
    h,
    worker,
    connectHosts,
    fast,
    async publishFaulty() {
      const { eventId } = await publishEnvelope(h.store, h.accountId, { fault: true }, "campaign.created");
      worker.wake();
      return eventId;
    },
    async fastDeliveriesSucceed(count) {
      const ids: string[] = [];
      for (let i = 0; i < count; i++) {
        ids.push((await publishEnvelope(h.store, h.accountId, { i }, "candidate.added")).eventId);
      }
      worker.wake();
      await waitFor(`${count} fast deliveries to succeed`, async () => {
        const deliveries = await h.store.listDeliveries(h.accountId, {
          limit: 100,
          eventType: "candidate.added",
        });
        const done = deliveries.filter((d) => ids.includes(d.eventId) && d.status === "succeeded");
        return done.length === count;
      });
    },
    async firstAttempt(eventId, timeoutMs = 5_000) {
      return waitFor(
        `the first attempt of ${eventId}`,
        async () => {
          const delivery = await deliveryOf(eventId);
          if (delivery === undefined || delivery.attemptCount < 1) return undefined;
          const [attempt] = await h.store.listAttempts(h.accountId, delivery.id);
          return attempt === undefined ? undefined : { attempt, delivery };
        },
        timeoutMs,
      );
    },
    async attemptCount(eventId) {
      return (await deliveryOf(eventId))?.attemptCount ?? 0;
    },
    async firstFaultyAttempt(fastCount) {
      const eventId = await world.publishFaulty();
      await world.fastDeliveriesSucceed(fastCount);
      return { eventId, ...(await world.firstAttempt(eventId)) };
    },
  };
  return world;
}

/** The retry decision after a failed first attempt: pending, due `delayMs` after the attempt ended. */
export function expectRetryAfter(delivery: DeliveryRecord, attempt: AttemptRecord, delayMs: number): void {
  expect(delivery.status).toBe("pending");
  const endedAt = attempt.startedAt + attempt.durationMs;
  expect(delivery.nextAttemptAt ?? 0).toBeGreaterThanOrEqual(Math.floor(endedAt + delayMs - 5));
  expect(delivery.nextAttemptAt ?? 0).toBeLessThanOrEqual(Math.ceil(endedAt + delayMs + 250));
}
