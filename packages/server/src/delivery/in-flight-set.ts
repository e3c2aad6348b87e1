import type { Clock } from "../domain/clock.js";
import type { Logger } from "../domain/logger.js";
import type { EpochMs } from "../domain/types.js";
import type { AttemptResult, ClaimedDelivery } from "../store/port.js";
import type { ClaimReleaser } from "./claim-releaser.js";
import { createEndpointSlots } from "./endpoint-slots.js";
import type { StartedAttempt } from "./make-attempt.js";
import type { ResultRecorder } from "./result-recorder.js";
import type { DeliverySettings } from "./settings.js";
import type { WakeSignal } from "./wake-signal.js";
import { errorText, logAttemptFinished } from "./worker-log.js";

export interface InFlightSetDeps {
  readonly settings: DeliverySettings;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly makeAttempt: (claim: ClaimedDelivery) => StartedAttempt;
  /** Takes every finished attempt; reports back through `recorded` and `dropped`. */
  readonly recorder: Pick<ResultRecorder, "add">;
  readonly releaser: ClaimReleaser;
  /** The claim loop's sleep: woken when a slot frees for what it could not claim, or at a retry's time. */
  readonly signal: WakeSignal;
  /** Aborted when the worker stops: nothing more is sent, held claims are let go for `stop` to give back. */
  readonly stopping: AbortSignal;
}

/**
 * Every delivery the worker holds a lease on and still has to finish, from its claim to its recorded
 * result: waiting for its endpoint's slot, sending, or being recorded. It decides what is sent now,
 * what waits, and what is given back, and wakes the claim loop when room frees up.
 */
export interface InFlightSet {
  /** Starts or queues freshly claimed deliveries (a claim renewing one already held is ignored). */
  dispatch(claims: readonly ClaimedDelivery[], claimedAt: EpochMs): void;
  /** POST slots free, all endpoints together. */
  freeSlots(): number;
  /** Some claim is still held (waiting, sending or recording): its delivery is pending and due. */
  holdsAny(): boolean;
  /** The POSTs still running (what `stop` waits for). */
  readonly sending: ReadonlySet<Promise<void>>;
  /**
   * Endpoints at their share (in flight plus waiting), to leave out of the next claim; a slot freed for
   * one of them wakes the claim loop.
   */
  endpointsAtShare(): string[];
  /** The claim loop sleeps for want of a slot (or recorder room): the next one freed wakes it. */
  waitForSlot(): void;
  /** Gives back waiting claims whose lease would end before they could be sent and recorded. */
  dropExpiringWaits(now: EpochMs): void;
  /** Gives back what waits for an endpoint just disabled. */
  dropWaitingOf(endpointId: string): void;
  /** Forgets every waiting claim (at stop: the store gets all leases back at once). */
  letGoWaiting(): void;
  /** The recorder's report: these results are durable, their deliveries no longer held. */
  recorded(results: readonly AttemptResult[]): void;
  /** The recorder's report: these results will never be recorded. */
  dropped(results: readonly AttemptResult[]): void;
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

export function createInFlightSet(deps: InFlightSetDeps): InFlightSet {
  const { settings, clock, logger, recorder, releaser, signal, stopping } = deps;
  const perEndpoint = settings.maxInFlightPerEndpoint;
  const held = new Set<string>();
  const sending = new Set<Promise<void>>();
  const slots = createEndpointSlots<WaitingClaim>({
    perEndpoint,
    maxInFlight: settings.maxInFlight,
    maxWaiting: settings.maxInFlight,
  });
  /** Endpoints left out of the last claim for want of room here: when one gets room, claim again. */
  const lackingRoom = new Set<string>();
  /** The loop is asleep because every slot (or the recorder) was full: a freed slot should wake it. */
  let wantsSlot = false;

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

  /** Sends `claim`, whose endpoint slot is already taken (and given back when the send ends). */
  function startSend(claim: ClaimedDelivery): void {
    const started = deps.makeAttempt(claim);
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
    const sendEnded = () => {
      sending.delete(running);
      slots.release(claim.endpointId);
      afterSlotFreed(claim.endpointId);
    };
    // Each end frees the slot itself, as a `finally` would, without a second promise per attempt.
    const running: Promise<void> = started.done.then(
      (result) => {
        try {
          logAttemptFinished(logger, claim, result);
          recorder.add(result);
        } finally {
          sendEnded();
        }
      },
      (error: unknown) => {
        try {
          // A bug of ours, not the receiver's: the lease expires and the delivery is tried again.
          logger.error(
            { deliveryId: claim.deliveryId, error: errorText(error) },
            "could not judge an attempt",
          );
          letGo(claim.deliveryId);
        } finally {
          sendEnded();
        }
      },
    );
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
      if (stopping.aborted) letGo(deliveryId);
      else if (now > lastSafeStart(next.claimedAt)) giveBack([deliveryId]);
      else if (slots.tryAcquire(endpointId)) startSend(next.claim);
      else giveBack([deliveryId]);
    }
  }

  return {
    sending,
    dispatch(claims, claimedAt) {
      const back: string[] = [];
      for (const claim of claims) {
        if (held.has(claim.deliveryId)) continue; // already ours (a lease renewed by a claim): finish it once
        held.add(claim.deliveryId);
        if (stopping.aborted) {
          letGo(claim.deliveryId); // `stop` gives the lease back
        } else if (slots.tryAcquire(claim.endpointId)) {
          startSend(claim);
        } else if (!slots.enqueue(claim.endpointId, { claim, claimedAt })) {
          back.push(claim.deliveryId);
        }
      }
      giveBack(back);
      // An endpoint this claim filled to its share must wake the loop when a slot frees, or its
      // backlog waits for the idle poll (a backlog drained at one share per second).
      for (const endpointId of slots.endpointsLoadedAbove(perEndpoint - 1)) lackingRoom.add(endpointId);
    },
    freeSlots: () => settings.maxInFlight - sending.size,
    holdsAny: () => held.size > 0,
    endpointsAtShare() {
      const full = slots.endpointsLoadedAbove(perEndpoint);
      lackingRoom.clear();
      for (const endpointId of full) lackingRoom.add(endpointId);
      return full;
    },
    waitForSlot() {
      wantsSlot = true;
    },
    dropExpiringWaits(now) {
      const dropped = slots.dropWaiting((waiting) => now > lastSafeStart(waiting.claimedAt));
      giveBack(dropped.map((waiting) => waiting.claim.deliveryId));
    },
    dropWaitingOf(endpointId) {
      giveBack(slots.dropWaitingOf(endpointId).map((waiting) => waiting.claim.deliveryId));
    },
    letGoWaiting() {
      for (const waiting of slots.dropWaiting(() => true)) letGo(waiting.claim.deliveryId);
    },
    recorded(results) {
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
    dropped(results) {
      // Its lease is not renewed by a later claim (`dispatch` skips what is held): it ends, and the
      // delivery is attempted again, if it still exists.
      for (const result of results) letGo(result.attempt.deliveryId);
      wakeIfWaitingForSlot();
    },
  };
}
