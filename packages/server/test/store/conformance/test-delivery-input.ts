import { newId } from "../../../src/domain/ids.js";
import type { AttemptRecord, DeliveryRecord, EpochMs } from "../../../src/domain/types.js";
import type { TestDeliveryInput } from "../../../src/store/port.js";
import { newEvent } from "./fixtures.js";

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
