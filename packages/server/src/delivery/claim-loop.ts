import { performance } from "node:perf_hooks";
import { setTimeout as delay } from "node:timers/promises";
import type { Clock } from "../domain/clock.js";
import type { Logger } from "../domain/logger.js";
import type { EpochMs } from "../domain/types.js";
import type { ClaimedDelivery, Store } from "../store/port.js";
import type { InFlightSet } from "./in-flight-set.js";
import { type ResultRecorder, retryBackoffMs } from "./result-recorder.js";
import type { DeliverySettings } from "./settings.js";
import type { WakeSignal } from "./wake-signal.js";
import { errorText } from "./worker-log.js";

export interface ClaimLoopDeps {
  readonly store: Pick<Store, "claimDueDeliveries" | "nextDueAt">;
  readonly settings: DeliverySettings;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly workerId: string;
  readonly inFlight: InFlightSet;
  readonly recorder: Pick<ResultRecorder, "pendingCount">;
  readonly signal: WakeSignal;
}

/**
 * The worker's loop, until `stopping` is aborted: claim what can be sent now, hand it to the in-flight
 * set, then claim again at once when the batch was full, or sleep until the next due time, a wake-up
 * or the idle poll. It claims nothing while every slot (or the recorder's room) is taken, and backs off
 * while the store fails.
 */
export async function runClaimLoop(deps: ClaimLoopDeps, stopping: AbortSignal): Promise<void> {
  const { store, settings, clock, logger, workerId, inFlight, signal } = deps;

  /** How long to sleep when nothing more could be claimed. */
  async function idleWaitMs(): Promise<number> {
    // A claim held is pending and due in the store: the answer would be the idle poll. Its result
    // wakes the loop at its retry time (`wakeAt`) or frees a slot, so the read is spared.
    if (inFlight.holdsAny()) return settings.idlePollMs;
    const due = await store.nextDueAt();
    const now = clock.now();
    // A due time already past belongs to a leased delivery (ours in flight, or another worker's), to an
    // endpoint left out of the claim, or to rows another worker was leasing as this one claimed
    // (PostgreSQL): a finished attempt, a publish or the idle poll will wake the loop.
    if (due === undefined || due <= now) return settings.idlePollMs;
    return Math.min(settings.idlePollMs, due - now);
  }

  /** One claim: only endpoints this worker can send to now, at most one share of each. */
  function claimOnce(now: EpochMs, limit: number): Promise<ClaimedDelivery[]> {
    const full = inFlight.endpointsAtShare();
    // Endpoints whose circuit is open are left out by the store itself (all workers share that state).
    return store.claimDueDeliveries({
      workerId,
      now,
      leaseMs: settings.leaseMs,
      limit,
      maxPerEndpoint: settings.maxInFlightPerEndpoint,
      ...(full.length > 0 ? { excludeEndpointIds: full } : {}),
    });
  }

  /** Sleeps until woken, then lets the rest of a burst of wake-ups arrive (see `claimMergeMs`). */
  async function sleepThenMerge(ms: number): Promise<void> {
    const asleepAt = performance.now();
    await signal.sleep(ms);
    const merge = settings.claimMergeMs - (performance.now() - asleepAt);
    if (merge > 0) await delay(merge, undefined, { signal: stopping }).catch(() => {}); // `stop` ends it
  }

  let consecutiveFailures = 0;
  for (;;) {
    if (stopping.aborted) return;
    try {
      const now = clock.now();
      inFlight.dropExpiringWaits(now);
      const free = inFlight.freeSlots();
      if (free <= 0 || deps.recorder.pendingCount() >= settings.maxInFlight) {
        inFlight.waitForSlot();
        await sleepThenMerge(settings.idlePollMs);
        continue;
      }
      const limit = Math.min(settings.claimBatchSize, free);
      const claims = await claimOnce(now, limit);
      consecutiveFailures = 0;
      inFlight.dispatch(claims, now);
      if (claims.length >= limit) {
        await delay(0); // more may be due: claim again, after letting finished sends run
        continue;
      }
      const waitMs = await idleWaitMs();
      if (!stopping.aborted) await sleepThenMerge(waitMs);
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
