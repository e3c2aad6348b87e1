import { headersColumn } from "../attempt-values.js";
import { attemptMinuteRows } from "../endpoint-attempt-minutes.js";
import { attemptOutcomes } from "../endpoint-health-rules.js";
import { headsByPlanner, strandedKeysSql } from "../ordered-delivery-sql.js";
import type { AttemptResult, DeliveryQueueStore } from "../port.js";
import { claimDueDeliveries } from "./claim-leasing.js";
import type { Queryable } from "./connection.js";
import { attemptMinutesCte, attemptMinutesParams } from "./endpoint-attempt-minutes.js";
import { recordWithCircuits } from "./endpoint-circuit.js";
import { endpointHealthCtes, endpointHealthParams } from "./endpoint-health.js";
import { nextDueAt, releaseClaims, releaseLeases } from "./lease-releases.js";
import { orderedKeysOfRows, settleOrderedKeysApart } from "./order-heads.js";
import { inOrderedReadTransaction } from "./ordered-read-transaction.js";
import type { PostgresContext } from "./postgres-context.js";
import { claimWithCircuits } from "./probe-claim.js";
import type { RecordedAttemptResults } from "./recorded-attempt-results.js";
import { attemptRequestParams, epochMs } from "./rows.js";

/** A resend asked during the attempt, or a recovery's when the attempt failed the delivery. */
const HONOURS_REQUEUE =
  "(d.requeue_requested_at IS NOT NULL AND (NOT d.requeue_if_failed OR r.status = 'failed'))";

/**
 * One statement whatever the batch size (so one round trip and one commit): every attempt row whose
 * delivery still exists is inserted, and each delivery whose lease `workerId` still holds moves to its
 * next state and loses its lease (a resend asked meanwhile wins: pending, due at its time, fresh budget; a recovery's only when the attempt failed it).
 * When a batch holds two results for one delivery, the first moves it (as applied in order). The
 * deliveries that no longer exist (retention deleted them meanwhile) are answered, and so are the
 * ordering keys of the deliveries it moved (their heads are settled next).
 *
 * Idempotent per attempt id: a call retried after its commit's answer was lost (during the COMMIT, or
 * before the heads were settled) finds its attempts stored; they are answered (`alreadyRecordedAttemptIds`)
 * and not inserted, counted or fed to the circuits again, their deliveries do not move (their lease is
 * gone), and their ordering keys are answered so that heads left unsettled are settled now.
 */
export async function recordAttemptResults(
  db: Queryable,
  results: readonly AttemptResult[],
): Promise<RecordedAttemptResults> {
  if (results.length === 0) return { missingDeliveryIds: [], alreadyRecordedAttemptIds: [], orderedKeys: [] };
  const attempts = results.map((r) => r.attempt);
  const requests = attempts.map(attemptRequestParams);
  const firstPerDelivery = new Map<string, AttemptResult>();
  for (const result of results) {
    if (!firstPerDelivery.has(result.attempt.deliveryId))
      firstPerDelivery.set(result.attempt.deliveryId, result);
  }
  // Rows are updated in id order, so two concurrent batches lock shared rows in the same order.
  const moves = [...firstPerDelivery.values()].sort((a, b) =>
    a.attempt.deliveryId < b.attempt.deliveryId ? -1 : a.attempt.deliveryId > b.attempt.deliveryId ? 1 : 0,
  );
  const answered = await db.query<{
    delivery_id: string | null;
    endpoint_id: string | null;
    order_key: string | null;
    position: string | null;
    already_recorded: string | null;
  }>(
    `WITH given AS (
       SELECT * FROM unnest($1::text[], $2::text[], $3::integer[], $4::bigint[], $5::double precision[],
                            $6::integer[], $7::text[], $8::text[], $9::text[], $17::jsonb[], $18::jsonb[],
                            $22::boolean[], $23::text[])
         WITH ORDINALITY AS g(id, delivery_id, attempt_number, started_at, duration_ms, status_code, error_kind,
                              error_message, response_excerpt, request_headers, response_headers,
                              request_signed, user_agent, position)
     ), recorded AS (
       INSERT INTO attempts (id, delivery_id, attempt_number, started_at, duration_ms, status_code, error_kind,
                             error_message, response_excerpt, request_signed, user_agent, request_headers,
                             response_headers)
       SELECT g.id, g.delivery_id, g.attempt_number, g.started_at, g.duration_ms, g.status_code, g.error_kind,
              g.error_message, g.response_excerpt, g.request_signed, g.user_agent, g.request_headers,
              g.response_headers
       FROM given g WHERE EXISTS (SELECT 1 FROM deliveries d WHERE d.id = g.delivery_id)
       ON CONFLICT DO NOTHING
       RETURNING id, delivery_id
     ), ${endpointHealthCtes(19)}, ${attemptMinutesCte(24, "recorded")},
     moved AS (
       UPDATE deliveries d SET
         status = CASE WHEN ${HONOURS_REQUEUE} THEN 'pending' ELSE r.status END,
         next_attempt_at = CASE WHEN ${HONOURS_REQUEUE} THEN d.requeue_requested_at ELSE r.next_attempt_at END,
         retry_budget_start = CASE WHEN ${HONOURS_REQUEUE} THEN d.attempt_count + 1 ELSE d.retry_budget_start END,
         requeue_requested_at = NULL,
         requeue_if_failed = false,
         attempt_count = d.attempt_count + 1,
         last_status_code = r.status_code,
         last_error_kind = r.error_kind,
         lease_owner = NULL,
         lease_expires_at = NULL,
         updated_at = r.finished_at
       FROM unnest($10::text[], $11::text[], $12::text[], $13::bigint[], $14::integer[], $15::text[], $16::bigint[])
         AS r(delivery_id, worker_id, status, next_attempt_at, status_code, error_kind, finished_at)
       WHERE d.id = r.delivery_id AND d.lease_owner = r.worker_id AND d.status = 'pending'
       RETURNING d.endpoint_id, d.order_key
     )
     SELECT g.delivery_id, NULL::text AS endpoint_id, NULL::text AS order_key, g.position,
            NULL::text AS already_recorded
     FROM given g
     WHERE NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.id = g.delivery_id)
     UNION ALL
     SELECT NULL, d.endpoint_id, d.order_key, NULL, g.id FROM given g JOIN deliveries d ON d.id = g.delivery_id
     WHERE NOT EXISTS (SELECT 1 FROM recorded r WHERE r.id = g.id)
     UNION ALL
     SELECT DISTINCT NULL, endpoint_id, order_key, NULL::bigint, NULL::text FROM moved WHERE order_key IS NOT NULL`,
    [
      attempts.map((a) => a.id),
      attempts.map((a) => a.deliveryId),
      attempts.map((a) => a.attemptNumber),
      attempts.map((a) => epochMs(a.startedAt)),
      attempts.map((a) => a.durationMs),
      attempts.map((a) => a.statusCode),
      attempts.map((a) => a.errorKind),
      attempts.map((a) => a.errorMessage),
      attempts.map((a) => a.responseExcerpt),
      moves.map((r) => r.attempt.deliveryId),
      moves.map((r) => r.workerId),
      moves.map((r) => r.next.status),
      moves.map((r) => (r.next.status === "pending" ? epochMs(r.next.nextAttemptAt) : null)),
      moves.map((r) => r.attempt.statusCode),
      moves.map((r) => r.attempt.errorKind),
      moves.map((r) => epochMs(r.attempt.startedAt + r.attempt.durationMs)),
      requests.map((r) => r.requestHeaders),
      attempts.map((a) => headersColumn(a.responseHeaders)),
      ...endpointHealthParams(attemptOutcomes(results)),
      requests.map((r) => r.requestSigned),
      requests.map((r) => r.userAgent),
      ...attemptMinutesParams(attemptMinuteRows(results)),
    ],
  );
  const missing = answered.rows.filter((row) => row.delivery_id !== null);
  missing.sort((a, b) => Number(a.position) - Number(b.position));
  return {
    missingDeliveryIds: missing.map((row) => row.delivery_id as string),
    alreadyRecordedAttemptIds: answered.rows.flatMap((row) =>
      row.already_recorded === null ? [] : [row.already_recorded],
    ),
    orderedKeys: answered.rows.flatMap((row) =>
      row.order_key === null ? [] : [{ endpointId: row.endpoint_id as string, orderKey: row.order_key }],
    ),
  };
}

export function postgresDeliveryQueueMethods({ pool, schema, circuit }: PostgresContext): DeliveryQueueStore {
  return {
    claimDueDeliveries: (input) =>
      claimWithCircuits(pool, (work) => inOrderedReadTransaction(pool, work), input, claimDueDeliveries),
    recordAttemptResults: async (results) => {
      const recorded = await recordWithCircuits(pool, results, circuit, recordAttemptResults);
      // A finished head lets its key's next delivery through, due when the attempt ended.
      const endedAt = Math.max(0, ...results.map(({ attempt }) => attempt.startedAt + attempt.durationMs));
      await settleOrderedKeysApart(pool, recorded.orderedKeys, endedAt);
      return { missingDeliveryIds: recorded.missingDeliveryIds };
    },
    releaseLeases: (workerId) => releaseLeases(pool, workerId, schema),
    releaseAllLeases: () => releaseLeases(pool, null, schema),
    releaseClaims: (workerId, deliveryIds) => releaseClaims(pool, workerId, deliveryIds, schema),
    nextDueAt: () => nextDueAt(pool),
    releaseStrandedOrderedKeys: async (now, limit) => {
      const found = await pool.query<{ endpoint_id: string; order_key: string }>(
        `${strandedKeysSql(headsByPlanner)} LIMIT $1`,
        [Math.max(0, Math.floor(limit))],
      );
      // Settled under each key's lock, which re-reads it: a key settled meanwhile is left as it is.
      await settleOrderedKeysApart(pool, orderedKeysOfRows(found.rows), now);
      return found.rows.length;
    },
  };
}
