import { newId } from "../../../src/domain/ids.js";
import type { AttemptErrorKind, AttemptRecord, EpochMs } from "../../../src/domain/types.js";
import type { AttemptResult, ClaimedDelivery, NextDeliveryState, Store } from "../../../src/store/port.js";

/** Claims and their attempts' results, as a worker makes them. */
export const LEASE_MS = 30_000;

export async function claimAll(store: Store, workerId: string, now: EpochMs): Promise<ClaimedDelivery[]> {
  return store.claimDueDeliveries({ workerId, now, leaseMs: LEASE_MS, limit: 1_000 });
}

/** A claim of at most `limit` due deliveries at `now`, under the usual lease. */
export async function claimUpTo(
  store: Store,
  workerId: string,
  now: EpochMs,
  limit: number,
): Promise<ClaimedDelivery[]> {
  return store.claimDueDeliveries({ workerId, now, leaseMs: LEASE_MS, limit });
}

/** The first delivery a claim of everything due at `now` takes; a test that expects one fails without it. */
export async function claimOne(store: Store, workerId: string, now: EpochMs): Promise<ClaimedDelivery> {
  const [claimed] = await claimAll(store, workerId, now);
  if (claimed === undefined) throw new Error("conformance: nothing claimed");
  return claimed;
}

export interface AttemptOptions {
  readonly startedAt: EpochMs;
  readonly statusCode?: number | null;
  readonly errorKind?: AttemptErrorKind | null;
  readonly next: NextDeliveryState;
}

export function attemptOf(claimed: ClaimedDelivery, options: AttemptOptions): AttemptRecord {
  return {
    id: newId("att", options.startedAt),
    deliveryId: claimed.deliveryId,
    attemptNumber: claimed.attemptNumber,
    startedAt: options.startedAt,
    durationMs: 12,
    statusCode: options.statusCode === undefined ? 200 : options.statusCode,
    errorKind: options.errorKind ?? null,
    errorMessage: options.errorKind ? `attempt failed: ${options.errorKind}` : null,
    responseExcerpt: options.statusCode === null ? null : "ok ✓",
  };
}

/** The result of an attempt the receiver answered with a failing `statusCode`, then `next`. */
export function httpFailureOf(
  workerId: string,
  claimed: ClaimedDelivery,
  startedAt: EpochMs,
  statusCode: number,
  next: NextDeliveryState,
): AttemptResult {
  return resultOf(workerId, claimed, { startedAt, statusCode, errorKind: "http_status", next });
}

export function resultOf(workerId: string, claimed: ClaimedDelivery, options: AttemptOptions): AttemptResult {
  return { workerId, attempt: attemptOf(claimed, options), next: options.next };
}

/** Claims every due delivery at `now` and records a final failure (or success) for each. */
export async function finishAll(store: Store, now: EpochMs, status: "failed" | "succeeded"): Promise<void> {
  const claimed = await claimAll(store, `finisher-${now}`, now);
  await store.recordAttemptResults(
    claimed.map((c) =>
      resultOf(`finisher-${now}`, c, {
        startedAt: now,
        statusCode: status === "failed" ? 500 : 200,
        errorKind: status === "failed" ? "http_status" : null,
        next: { status },
      }),
    ),
  );
}
