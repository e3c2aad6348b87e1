import { newId } from "../../../src/domain/ids.js";
import type { Store } from "../../../src/store/port.js";

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
