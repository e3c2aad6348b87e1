import { headersColumn } from "../attempt-values.js";
import type { TestDeliveryInput, TestDeliveryStore } from "../port.js";
import type { Queryable } from "./connection.js";
import type { PostgresContext } from "./postgres-context.js";
import { attemptRequestParams, epochMs } from "./rows.js";

/** "Tester" deliveries: the event, its one delivery (final, `test`) and its attempt, in one statement. */
export async function recordTestDelivery(db: Queryable, { event, delivery, attempt }: TestDeliveryInput) {
  const request = attemptRequestParams(attempt);
  await db.query(
    `WITH stored_event AS (
       INSERT INTO events (id, account_id, type, occurred_at, body, created_at, campaign_id, candidate_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ), stored_delivery AS (
       INSERT INTO deliveries (id, account_id, event_id, endpoint_id, event_type, status, attempt_count,
                               next_attempt_at, last_status_code, last_error_kind, test, created_at, updated_at)
       VALUES ($9, $2, $1, $10, $3, $11, $12, NULL, $13, $14, true, $6, $15)
     )
     INSERT INTO attempts (id, delivery_id, attempt_number, started_at, duration_ms, status_code, error_kind,
                           error_message, response_excerpt, request_signed, user_agent, request_headers,
                           response_headers)
     VALUES ($16, $9, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26::jsonb, $27::jsonb)`,
    [
      event.id,
      delivery.accountId,
      event.type,
      epochMs(event.occurredAt),
      event.body,
      epochMs(delivery.createdAt),
      event.campaignId ?? null,
      event.candidateId ?? null,
      delivery.id,
      delivery.endpointId,
      delivery.status,
      delivery.attemptCount,
      delivery.lastStatusCode,
      delivery.lastErrorKind,
      epochMs(delivery.updatedAt),
      attempt.id,
      attempt.attemptNumber,
      epochMs(attempt.startedAt),
      attempt.durationMs,
      attempt.statusCode,
      attempt.errorKind,
      attempt.errorMessage,
      attempt.responseExcerpt,
      request.requestSigned,
      request.userAgent,
      request.requestHeaders,
      headersColumn(attempt.responseHeaders),
    ],
  );
}

export function postgresTestDeliveryMethods({ pool }: PostgresContext): TestDeliveryStore {
  return { recordTestDelivery: (input) => recordTestDelivery(pool, input) };
}
