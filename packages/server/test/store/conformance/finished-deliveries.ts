import { newId } from "../../../src/domain/ids.js";
import type { AttemptRecord, DeliveryRecord, EpochMs } from "../../../src/domain/types.js";
import type { Store, TestDeliveryInput } from "../../../src/store/port.js";
import { claimAll, newEvent, resultOf } from "./fixtures.js";

/** Deliveries already in a final state: finished by a worker, or recorded by the Tester. */

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

/** A Tester delivery with its event and one attempt, as `recordTestDelivery` takes it. */
export function testDelivery(
  accountId: string,
  endpointId: string,
  now: EpochMs,
  succeeded: boolean,
): TestDeliveryInput {
  const event = newEvent("candidate.added", {
    occurredAt: now,
    campaignId: "cmp_test",
    candidateId: "cand_test",
  });
  const deliveryId = newId("dlv", now);
  const delivery: DeliveryRecord = {
    id: deliveryId,
    accountId,
    eventId: event.id,
    endpointId,
    eventType: event.type,
    status: succeeded ? "succeeded" : "failed",
    attemptCount: 1,
    nextAttemptAt: null,
    lastStatusCode: succeeded ? 200 : 500,
    lastErrorKind: succeeded ? null : "http_status",
    test: true,
    createdAt: now,
    updatedAt: now + 9,
  };
  const attempt: AttemptRecord = {
    id: newId("att", now),
    deliveryId,
    attemptNumber: 1,
    startedAt: now,
    durationMs: 9,
    statusCode: delivery.lastStatusCode,
    errorKind: delivery.lastErrorKind,
    errorMessage: succeeded ? null : "HTTP 500",
    responseExcerpt: "ok",
    requestHeaders: { "X-VoiceHire-Test": "true", "X-VoiceHire-Signature": "[redacted]" },
    responseHeaders: { "content-type": "text/plain" },
  };
  return { event, delivery, attempt };
}
