import { newId } from "../../../src/domain/ids.js";
import type { ClaimedDelivery, NextDeliveryState, Store } from "../../../src/store/port.js";

/**
 * Plays the worker without HTTP: claims every delivery due at `now` and records one attempt for each,
 * answered `statusCode` (2xx succeeds; anything else fails for good, or is retried at `retryAt`).
 * Answers the delivery ids it finished.
 */
export async function attemptDueDeliveries(
  store: Store,
  now: number,
  statusCode: number,
  retryAt?: number,
): Promise<string[]> {
  const workerId = `test-worker-${now}`;
  const claimed = await store.claimDueDeliveries({ workerId, now, leaseMs: 30_000, limit: 1000 });
  const succeeded = statusCode >= 200 && statusCode < 300;
  await store.recordAttemptResults(
    claimed.map((claim) => ({
      workerId,
      attempt: {
        id: newId("att", now),
        deliveryId: claim.deliveryId,
        attemptNumber: claim.attemptNumber,
        startedAt: now,
        durationMs: 7,
        statusCode,
        errorKind: succeeded ? null : "http_status",
        errorMessage: succeeded ? null : `the endpoint answered HTTP ${statusCode}`,
        responseExcerpt: succeeded ? "ok" : "nope",
      },
      next: succeeded
        ? { status: "succeeded" }
        : retryAt === undefined
          ? { status: "failed" }
          : { status: "pending", nextAttemptAt: retryAt },
    })),
  );
  return claimed.map((claim) => claim.deliveryId);
}

/** What `recordBusyAttempt` records besides the fixed answer (HTTP 503 "busy" after 12 ms). */
export interface BusyAttempt {
  readonly workerId: string;
  readonly requestHeaders: Record<string, string>;
  readonly responseHeaders: Record<string, string>;
  /** Where the delivery goes next: retried later, or failed for good. */
  readonly next: NextDeliveryState;
}

/**
 * Claims the first delivery due at `clock.now()` and records its first attempt, started then and answered
 * HTTP 503 "busy" in 12 ms. Answers the claimed delivery.
 */
export async function recordBusyAttempt(
  { store, clock }: { store: Store; clock: { now(): number } },
  attempt: BusyAttempt,
): Promise<ClaimedDelivery> {
  const [claimed] = await store.claimDueDeliveries({
    workerId: attempt.workerId,
    now: clock.now(),
    leaseMs: 30_000,
    limit: 1,
  });
  if (claimed === undefined) throw new Error("nothing to claim");
  const startedAt = clock.now();
  await store.recordAttemptResults([
    {
      workerId: attempt.workerId,
      attempt: {
        id: newId("att", startedAt),
        deliveryId: claimed.deliveryId,
        attemptNumber: 1,
        startedAt,
        durationMs: 12,
        statusCode: 503,
        errorKind: "http_status",
        errorMessage: "HTTP 503",
        responseExcerpt: "busy",
        requestHeaders: attempt.requestHeaders,
        responseHeaders: attempt.responseHeaders,
      },
      next: attempt.next,
    },
  ]);
  return claimed;
}
