import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { setTimeout as delay } from "node:timers/promises";
import type { Clock } from "../domain/clock.js";
import type { Logger } from "../domain/logger.js";
import type { SecretBox } from "../domain/secret-box.js";
import type { EpochMs } from "../domain/types.js";
import type { AttemptResult, ClaimedDelivery, DisabledEndpoint, Store } from "../store/port.js";
import { createClaimReleaser } from "./claim-releaser.js";
import { runEndpointDisabler } from "./endpoint-disabler.js";
import { createEndpointSlots } from "./endpoint-slots.js";
import { createAttemptMaker } from "./make-attempt.js";
import { createResultRecorder, retryBackoffMs } from "./result-recorder.js";
import type { DeliverySender } from "./sender.js";
import { type DeliverySettings, deliverySettingsProblem } from "./settings.js";
import { createWakeSignal } from "./wake-signal.js";
import { errorText, logAttemptFinished } from "./worker-log.js";
import { finishWork } from "./worker-shutdown.js";

export interface DeliveryWorkerDeps {
  readonly store: Store;
  readonly sender: DeliverySender;
  readonly secretBox: SecretBox;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly settings: DeliverySettings;
  /** Names this worker's leases; unique per process. Default: host, pid and a random suffix. */
  readonly workerId?: string;
  /** Jitter source for the retry schedule, [0, 1). Default `Math.random`. */
  readonly random?: () => number;
  /** Called for each endpoint this worker disabled for failing too long (after the warn log line). */
  readonly onEndpointDisabled?: (endpoint: DisabledEndpoint) => void;
  /** The metrics hook: called with each group of attempt results once durably recorded (once each). */
  readonly onAttemptsRecorded?: (results: readonly AttemptResult[]) => void;
}

export interface DeliveryWorker {
  readonly workerId: string;
  /** Starts the claim loop and the periodic disabling of failing endpoints (once; later calls do nothing). */
  start(): void;
  /** Something may be due now (the publisher just stored deliveries): look without waiting. */
  wake(): void;
  /** Stops claiming, waits for the POSTs in flight (bounded), records them and gives back its leases. */
  stop(): Promise<void>;
}

/**
 * A claim held but not yet sent because its endpoint already has its share of POSTs in flight. It waits
 * at most until it could no longer be sent and recorded within its lease; then it is given back.
 */
interface WaitingClaim {
  readonly claim: ClaimedDelivery;
  readonly claimedAt: EpochMs;
}

/** Room kept between the end of an attempt (timeout included) and the end of its lease. */
const LEASE_SAFETY_MS = 1000;

export function createDeliveryWorker(deps: DeliveryWorkerDeps): DeliveryWorker {
  const { store, clock, logger, settings } = deps;
  const problem = deliverySettingsProblem(settings);
  if (problem !== undefined) throw new Error(problem);
  const workerId = deps.workerId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const random = deps.random ?? Math.random;
  const makeAttempt = createAttemptMaker({
    sender: deps.sender,
    secretBox: deps.secretBox,
    clock,
    userAgent: settings.userAgent,
    workerId,
    retry: { schedule: settings.retrySchedule, random, retryAfterCapMs: settings.maxRetryAfterMs },
    test: false,
  });
  const signal = createWakeSignal(clock);
  const stopping = new AbortController();
  /** Every delivery this worker holds a lease on and still has to finish: waiting, sending or recording. */
  const held = new Set<string>();
  const sending = new Set<Promise<void>>();
  const perEndpoint = settings.maxInFlightPerEndpoint;
  const slots = createEndpointSlots<WaitingClaim>({
    perEndpoint,
    maxInFlight: settings.maxInFlight,
    maxWaiting: settings.maxInFlight,
  });
  const releaser = createClaimReleaser(store, workerId, logger);
  /** Endpoints left out of the last claim for want of room here: when one gets room, claim again. */
  const lackingRoom = new Set<string>();
  /** The loop is asleep because every slot (or the recorder) was full: a freed slot should wake it. */
  let wantsSlot = false;
  let loop: Promise<void> | undefined;
  let disabler: Promise<void> | undefined;
  let stopped: Promise<void> | undefined;

  const recorder = createResultRecorder({
    store,
    logger,
    maxDelayMs: settings.recordBatchMaxDelayMs,
    maxBatch: Math.max(settings.claimBatchSize, 1),
    ...(deps.onAttemptsRecorded === undefined ? {} : { countRecorded: deps.onAttemptsRecorded }),
    onRecorded(results) {
      let earliestRetry: EpochMs | undefined;
      for (const result of results) {
        held.delete(result.attempt.deliveryId);
        const next = result.next;
        if (
          next.status === "pending" &&
          (earliestRetry === undefined || next.nextAttemptAt < earliestRetry)
        ) {
          earliestRetry = next.nextAttemptAt;
        }
      }
      if (earliestRetry !== undefined) signal.wakeAt(earliestRetry);
      wakeIfWaitingForSlot();
    },
    onDropped(results) {
      // Its lease is not renewed by a later claim (`dispatch` skips what is held): it ends, and the
      // delivery is attempted again, if it still exists.
      for (const result of results) letGo(result.attempt.deliveryId);
      wakeIfWaitingForSlot();
    },
  });

  function wakeIfWaitingForSlot(): void {
    if (!wantsSlot) return;
    wantsSlot = false;
    signal.wake();
  }

  /** The latest clock time at which a claim taken at `claimedAt` may still be sent. */
  function lastSafeStart(claimedAt: EpochMs): EpochMs {
    return (
      claimedAt +
      settings.leaseMs -
      settings.attemptTimeoutMs -
      settings.recordBatchMaxDelayMs -
      LEASE_SAFETY_MS
    );
  }

  /** Forgets a claim, leaving its lease to expire (or to `stop`, which gives every lease back). */
  function letGo(deliveryId: string): void {
    held.delete(deliveryId);
  }

  /** Forgets claims and gives them back at once: they are due again, for any worker. */
  function giveBack(deliveryIds: readonly string[]): void {
    for (const deliveryId of deliveryIds) held.delete(deliveryId);
    releaser.release(deliveryIds);
  }

  function dispatch(claims: readonly ClaimedDelivery[], claimedAt: EpochMs): void {
    const back: string[] = [];
    for (const claim of claims) {
      if (held.has(claim.deliveryId)) continue; // already ours (a lease renewed by a claim): finish it once
      held.add(claim.deliveryId);
      if (stopping.signal.aborted) {
        letGo(claim.deliveryId); // `stop` gives the lease back
      } else if (slots.tryAcquire(claim.endpointId)) {
        startSend(claim);
      } else if (!slots.enqueue(claim.endpointId, { claim, claimedAt })) {
        back.push(claim.deliveryId);
      }
    }
    giveBack(back);
  }

  /** Sends `claim`, whose endpoint slot is already taken (and given back when the send ends). */
  function startSend(claim: ClaimedDelivery): void {
    const started = makeAttempt(claim);
    if (started.kind === "unsignable") {
      // A pipeline fault, not the receiver's: retried once the lease expires (not at once: it would spin).
      logger.error(
        { deliveryId: claim.deliveryId, endpointId: claim.endpointId, error: started.message },
        "cannot open the endpoint secret (wrong master key?); delivery postponed",
      );
      letGo(claim.deliveryId);
      slots.release(claim.endpointId);
      afterSlotFreed(claim.endpointId);
      return;
    }
    const running = started.done
      .then(
        (result) => {
          logAttemptFinished(logger, claim, result);
          recorder.add(result);
        },
        (error: unknown) => {
          // A bug of ours, not the receiver's: the lease expires and the delivery is tried again.
          logger.error(
            { deliveryId: claim.deliveryId, error: errorText(error) },
            "could not judge an attempt",
          );
          letGo(claim.deliveryId);
        },
      )
      .finally(() => {
        sending.delete(running);
        slots.release(claim.endpointId);
        afterSlotFreed(claim.endpointId);
      });
    sending.add(running);
  }

  function afterSlotFreed(endpointId: string): void {
    startWaiting(endpointId);
    if (lackingRoom.has(endpointId) && slots.load(endpointId) <= perEndpoint) {
      lackingRoom.delete(endpointId);
      signal.wake(); // it has room again: claim for it
    }
    wakeIfWaitingForSlot();
  }

  /** Sends what waits for `endpointId` while it has room; gives back claims too old to send safely. */
  function startWaiting(endpointId: string): void {
    const now = clock.now();
    for (let next = slots.nextWaiting(endpointId); next !== undefined; next = slots.nextWaiting(endpointId)) {
      const { deliveryId } = next.claim;
      if (stopping.signal.aborted) letGo(deliveryId);
      else if (now > lastSafeStart(next.claimedAt)) giveBack([deliveryId]);
      else if (slots.tryAcquire(endpointId)) startSend(next.claim);
      else giveBack([deliveryId]);
    }
  }

  /** Gives back waiting claims whose lease would end before they could be sent and recorded. */
  function dropExpiringWaits(now: EpochMs): void {
    const dropped = slots.dropWaiting((waiting) => now > lastSafeStart(waiting.claimedAt));
    giveBack(dropped.map((waiting) => waiting.claim.deliveryId));
  }

  /** How long to sleep when nothing more could be claimed. */
  async function idleWaitMs(): Promise<number> {
    const due = await store.nextDueAt();
    const now = clock.now();
    // A due time already past belongs to a leased delivery (ours in flight, or another worker's) or to an
    // endpoint left out of the claim: a finished attempt, a publish or the idle poll will wake the loop.
    if (due === undefined || due <= now) return settings.idlePollMs;
    return Math.min(settings.idlePollMs, due - now);
  }

  /** One claim: only endpoints this worker can send to now, at most one share of each. */
  async function claimOnce(now: EpochMs, limit: number): Promise<ClaimedDelivery[]> {
    const full = slots.endpointsLoadedAbove(perEndpoint);
    lackingRoom.clear();
    for (const endpointId of full) lackingRoom.add(endpointId);
    // Endpoints whose circuit is open are left out by the store itself (all workers share that state).
    return store.claimDueDeliveries({
      workerId,
      now,
      leaseMs: settings.leaseMs,
      limit,
      maxPerEndpoint: perEndpoint,
      ...(full.length > 0 ? { excludeEndpointIds: full } : {}),
    });
  }

  async function claimLoop(): Promise<void> {
    let consecutiveFailures = 0;
    for (;;) {
      if (stopping.signal.aborted) return;
      try {
        const now = clock.now();
        dropExpiringWaits(now);
        const free = settings.maxInFlight - sending.size;
        if (free <= 0 || recorder.pendingCount() >= settings.maxInFlight) {
          wantsSlot = true;
          await signal.sleep(settings.idlePollMs);
          continue;
        }
        const limit = Math.min(settings.claimBatchSize, free);
        const claims = await claimOnce(now, limit);
        consecutiveFailures = 0;
        dispatch(claims, now);
        // An endpoint this claim filled to its share must wake the loop when a slot frees, or its
        // backlog waits for the idle poll (a backlog drained at one share per second).
        for (const endpointId of slots.endpointsLoadedAbove(perEndpoint - 1)) lackingRoom.add(endpointId);
        if (claims.length >= limit) {
          await delay(0); // more may be due: claim again, after letting finished sends run
          continue;
        }
        const waitMs = await idleWaitMs();
        if (!stopping.signal.aborted) await signal.sleep(waitMs);
      } catch (error) {
        consecutiveFailures++;
        const backoffMs = retryBackoffMs(consecutiveFailures);
        logger.error(
          { error: errorText(error), consecutiveFailures, backoffMs, workerId },
          "the store failed in the delivery loop; retrying",
        );
        // A wake (the LISTEN connection is back, say) ends the pause: the store may be up again.
        await signal.sleep(backoffMs);
      }
    }
  }

  function onEndpointDisabled(endpoint: DisabledEndpoint): void {
    giveBack(slots.dropWaitingOf(endpoint.endpointId).map((waiting) => waiting.claim.deliveryId));
    deps.onEndpointDisabled?.(endpoint);
  }

  async function stopNow(): Promise<void> {
    stopping.abort();
    signal.close();
    await Promise.all([loop, disabler]);
    for (const waiting of slots.dropWaiting(() => true)) letGo(waiting.claim.deliveryId);
    await finishWork({
      workerId,
      store,
      logger,
      sending,
      recorder,
      releaser,
      graceMs: settings.attemptTimeoutMs + 1000,
    });
  }

  return {
    workerId,
    start() {
      if (loop !== undefined || stopping.signal.aborted) return;
      loop = claimLoop();
      disabler = runEndpointDisabler(
        {
          store,
          clock,
          logger,
          afterMs: settings.autoDisableAfterMs,
          intervalMs: settings.autoDisableCheckIntervalMs,
          onDisabled: onEndpointDisabled,
        },
        stopping.signal,
      );
    },
    wake() {
      signal.wake();
    },
    stop() {
      stopped ??= stopNow();
      return stopped;
    },
  };
}
