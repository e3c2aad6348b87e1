import type { RecoveryRecord } from "../../domain/types.js";
import type { RecoveryStart, RequeueStore, ResendOutcome } from "../port.js";
import { type RecoveryRow, toRecovery } from "../record-mapping.js";
import { inTransaction, type Queryable } from "./connection.js";
import { notifyChannel } from "./notify-channel.js";
import { orderedKeysOfRows, settleOrderedKeys } from "./order-heads.js";
import type { PostgresContext } from "./postgres-context.js";
import { queryAccountRow } from "./query-rows.js";
import { DELIVERY_VIEW_COLUMNS, type DeliveryRow, epochMs, toDelivery } from "./rows.js";

/** Resend of one delivery, and recoveries (bulk re-queues in batches, with their progress). */

const RECOVERY_COLUMNS =
  "id, account_id, endpoint_id, since, until, status, total, requeued, cursor, created_at, updated_at";

/** The advisory lock class that serializes starting recoveries of one endpoint. */
const RECOVERY_LOCK_CLASS = 0x76685f72; // "vh_r"

/** The non-test deliveries of endpoint $1 (account $2) whose event happened in [$3, $4). */
const IN_WINDOW = `
FROM deliveries d JOIN events ev ON ev.id = d.event_id
WHERE d.endpoint_id = $1 AND d.account_id = $2 AND NOT d.test
  AND ev.occurred_at >= $3 AND ev.occurred_at < $4`;
const FAILED = "d.status = 'failed'";
/** The failed ones and those in flight (leased), whose attempt may be their last. */
const FAILED_OR_IN_FLIGHT = "(d.status = 'failed' OR (d.status = 'pending' AND d.lease_owner IS NOT NULL))";

/**
 * Pending again, due at $2, with a fresh retry budget. A delivery in flight (leased) keeps its lease and
 * remembers the request instead: the attempt's result honours it (see `recordAttemptResults`).
 */
const IN_FLIGHT = "(status = 'pending' AND lease_owner IS NOT NULL)";
const REQUEUE_SET = `
  requeue_requested_at = CASE WHEN ${IN_FLIGHT} THEN $2::bigint END, requeue_if_failed = false,
  retry_budget_start = CASE WHEN ${IN_FLIGHT} THEN retry_budget_start ELSE attempt_count END,
  lease_owner = CASE WHEN ${IN_FLIGHT} THEN lease_owner END,
  lease_expires_at = CASE WHEN ${IN_FLIGHT} THEN lease_expires_at END,
  status = 'pending', next_attempt_at = $2, updated_at = $2`;
/** A recovery re-queues failed deliveries only: one in flight is re-queued if its attempt fails it. */
const REQUEUE_IF_FAILED_SQL = `
UPDATE deliveries SET requeue_if_failed = (requeue_requested_at IS NULL OR requeue_if_failed),
  requeue_requested_at = COALESCE(requeue_requested_at, $2)
WHERE id = ANY ($1::text[]) AND ${IN_FLIGHT}`;

/** Call inside a transaction. */
export async function resendDelivery(
  db: Queryable,
  accountId: string,
  deliveryId: string,
  now: number,
  wakePayload: string,
): Promise<ResendOutcome> {
  const found = await db.query<{ test: boolean; deleted_at: number | null }>(
    `SELECT d.test, e.deleted_at FROM deliveries d JOIN endpoints e ON e.id = d.endpoint_id
     WHERE d.account_id = $1 AND d.id = $2 FOR UPDATE OF d`,
    [accountId, deliveryId],
  );
  const row = found.rows[0];
  if (row === undefined) return { kind: "not_found" };
  if (row.test) return { kind: "test_delivery" };
  if (row.deleted_at !== null) return { kind: "endpoint_deleted" };
  const requeued = await db.query<{ endpoint_id: string; order_key: string | null }>(
    `UPDATE deliveries SET ${REQUEUE_SET} WHERE id = $1 RETURNING endpoint_id, order_key`,
    [deliveryId, epochMs(now)],
  );
  // Back in its original place: a later delivery of its key let through meanwhile is held again.
  await settleOrderedKeys(db, orderedKeysOfRows(requeued.rows), now);
  await db.query("SELECT pg_notify($1, $2)", [notifyChannel, wakePayload]);
  const updated = await db.query<DeliveryRow>(
    `SELECT ${DELIVERY_VIEW_COLUMNS} FROM deliveries WHERE id = $1`,
    [deliveryId],
  );
  const delivery = updated.rows[0];
  if (delivery === undefined) throw new Error(`voicehire-webhooks: the delivery ${deliveryId} vanished`);
  return { kind: "resent", delivery: toDelivery(delivery) };
}

/** Call inside a transaction. */
export async function startRecovery(
  db: Queryable,
  input: RecoveryStart,
): Promise<RecoveryRecord | undefined> {
  const live = await db.query(
    "SELECT 1 FROM endpoints WHERE account_id = $1 AND id = $2 AND deleted_at IS NULL",
    [input.accountId, input.endpointId],
  );
  if ((live.rowCount ?? 0) === 0) return undefined;
  await db.query("SELECT pg_advisory_xact_lock($1, hashtext($2))", [RECOVERY_LOCK_CLASS, input.endpointId]);
  const window = [input.endpointId, input.accountId, epochMs(input.since), epochMs(input.until)];
  const running = await db.query<RecoveryRow>(
    `SELECT ${RECOVERY_COLUMNS} FROM recoveries
     WHERE endpoint_id = $1 AND account_id = $2 AND since = $3 AND until = $4 AND status = 'running'
     ORDER BY id LIMIT 1`,
    window,
  );
  const existing = running.rows[0];
  if (existing !== undefined) return toRecovery(existing);
  const counted = await db.query<{ total: number }>(
    `SELECT count(*)::integer AS total ${IN_WINDOW} AND ${FAILED}`,
    window,
  );
  const total = counted.rows[0]?.total ?? 0;
  const inserted = await db.query<RecoveryRow>(
    `INSERT INTO recoveries (${RECOVERY_COLUMNS}) VALUES ($5, $2, $1, $3, $4, $6, $7, 0, NULL, $8, $8)
     RETURNING ${RECOVERY_COLUMNS}`,
    [...window, input.id, total === 0 ? "done" : "running", total, epochMs(input.now)],
  );
  const row = inserted.rows[0];
  if (row === undefined) throw new Error("voicehire-webhooks: a recovery was not stored");
  return toRecovery(row);
}

/** Call inside a transaction: the recovery row stays locked until it ends, so batches never overlap. */
export async function advanceRecovery(
  db: Queryable,
  accountId: string,
  recoveryId: string,
  batchSize: number,
  now: number,
  wakePayload: string,
): Promise<RecoveryRecord | undefined> {
  const found = await db.query<RecoveryRow & { endpoint_live: boolean }>(
    `SELECT ${RECOVERY_COLUMNS.split(", ")
      .map((c) => `r.${c}`)
      .join(", ")},
       EXISTS (SELECT 1 FROM endpoints e WHERE e.id = r.endpoint_id AND e.deleted_at IS NULL) AS endpoint_live
     FROM recoveries r WHERE r.account_id = $1 AND r.id = $2 FOR UPDATE OF r`,
    [accountId, recoveryId],
  );
  const recovery = found.rows[0];
  if (recovery === undefined) return undefined;
  if (recovery.status === "done") return toRecovery(recovery);
  const limit = Math.max(1, Math.floor(batchSize));
  const batch = recovery.endpoint_live
    ? await db.query<{ id: string }>(
        `SELECT d.id ${IN_WINDOW} AND ${FAILED_OR_IN_FLIGHT} AND d.id > $5 ORDER BY d.id LIMIT $6`,
        [recovery.endpoint_id, accountId, recovery.since, recovery.until, recovery.cursor ?? "", limit],
      )
    : { rows: [] };
  const ids = batch.rows.map((row) => row.id);
  let requeued = 0;
  if (ids.length > 0) {
    const moved = await db.query<{ endpoint_id: string; order_key: string | null }>(
      `UPDATE deliveries SET ${REQUEUE_SET} WHERE id = ANY ($1::text[]) AND status = 'failed'
       RETURNING endpoint_id, order_key`,
      [ids, epochMs(now)],
    );
    await db.query(REQUEUE_IF_FAILED_SQL, [ids, epochMs(now)]);
    await settleOrderedKeys(db, orderedKeysOfRows(moved.rows), now);
    requeued = moved.rowCount ?? 0;
    if (requeued > 0) await db.query("SELECT pg_notify($1, $2)", [notifyChannel, wakePayload]);
  }
  const updated = await db.query<RecoveryRow>(
    `UPDATE recoveries SET requeued = requeued + $2, cursor = COALESCE($3, cursor), status = $4, updated_at = $5
     WHERE id = $1 RETURNING ${RECOVERY_COLUMNS}`,
    [recoveryId, requeued, ids.at(-1) ?? null, ids.length < limit ? "done" : "running", epochMs(now)],
  );
  const row = updated.rows[0];
  if (row === undefined) throw new Error(`voicehire-webhooks: the recovery ${recoveryId} vanished`);
  return toRecovery(row);
}

/** Re-queued work is due at once: the schema is the NOTIFY payload that wakes its workers. */
export function postgresRequeueMethods({ pool, schema }: PostgresContext): RequeueStore {
  return {
    resendDelivery: (accountId, deliveryId, now) =>
      inTransaction(pool, (tx) => resendDelivery(tx, accountId, deliveryId, now, schema)),
    startRecovery: (input) => inTransaction(pool, (tx) => startRecovery(tx, input)),
    advanceRecovery: (accountId, recoveryId, batchSize, now) =>
      inTransaction(pool, (tx) => advanceRecovery(tx, accountId, recoveryId, batchSize, now, schema)),
    getRecovery: (accountId, id) =>
      queryAccountRow(pool, "recoveries", RECOVERY_COLUMNS, { accountId, id }, toRecovery),
  };
}
