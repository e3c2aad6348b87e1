import type { RecoveryRecord } from "../../domain/types.js";
import type { RecoveryStart, RequeueStore, ResendOutcome } from "../port.js";
import { type RecoveryRow, toRecovery } from "../record-mapping.js";
import { deliveryNamed, namedById } from "./delivery-numbers.js";
import { orderedKeysOf, settleOrderedKeys } from "./order-heads.js";
import { DELIVERY_VIEW_COLUMNS, type DeliveryRow, toDelivery } from "./rows.js";
import type { SqliteContext } from "./sqlite-context.js";

const RECOVERY_COLUMNS =
  "id, account_id, endpoint_id, since, until, status, total, requeued, cursor, created_at, updated_at";

/** The failed, non-test deliveries of a recovery's endpoint whose event happened in its window. */
const IN_WINDOW = `
FROM deliveries d JOIN events ev ON ev.number = d.event_number
WHERE d.endpoint_id = @endpointId AND d.test = 0
  AND ev.occurred_at >= @since AND ev.occurred_at < @until`;
const FAILED = "d.status = 'failed'";
/** Those and the ones in flight (leased), whose attempt may be their last. */
const FAILED_OR_IN_FLIGHT = "(d.status = 'failed' OR (d.status = 'pending' AND d.lease_owner IS NOT NULL))";

/**
 * Pending again, due now, with a fresh retry budget. A delivery in flight (leased) keeps its lease and
 * remembers the request instead: the attempt's result honours it (see `recordAttemptResults`).
 */
const IN_FLIGHT = "(status = 'pending' AND lease_owner IS NOT NULL)";
const REQUEUE_SET = `
  requeue_requested_at = CASE WHEN ${IN_FLIGHT} THEN @now END, requeue_if_failed = 0,
  retry_budget_start = CASE WHEN ${IN_FLIGHT} THEN retry_budget_start ELSE attempt_count END,
  lease_owner = CASE WHEN ${IN_FLIGHT} THEN lease_owner END,
  lease_expires_at = CASE WHEN ${IN_FLIGHT} THEN lease_expires_at END,
  status = 'pending', next_attempt_at = @now, updated_at = @now`;
const REQUEUE_FAILED_SQL = `
UPDATE deliveries SET ${REQUEUE_SET}
WHERE id IN (SELECT value FROM json_each(@ids)) AND status = 'failed'`;
/** A recovery re-queues failed deliveries only: one in flight is re-queued if its attempt fails it. */
const REQUEUE_IF_FAILED_SQL = `
UPDATE deliveries SET requeue_if_failed = CASE WHEN requeue_requested_at IS NULL THEN 1 ELSE requeue_if_failed END,
  requeue_requested_at = COALESCE(requeue_requested_at, @now)
WHERE id IN (SELECT value FROM json_each(@ids)) AND ${IN_FLIGHT}`;

/** Resend of one delivery, and recoveries (bulk re-queues in batches, with their progress). */
export function sqliteRequeueMethods(context: SqliteContext): RequeueStore {
  const { db, statement } = context;
  const readRecovery = (accountId: string, recoveryId: string) =>
    statement(`SELECT ${RECOVERY_COLUMNS} FROM recoveries WHERE id = ? AND account_id = ?`).get(
      recoveryId,
      accountId,
    ) as RecoveryRow | undefined;

  const resend = db.transaction((accountId: string, deliveryId: string, now: number): ResendOutcome => {
    const found = statement(
      "SELECT d.id AS number, d.test, e.deleted_at FROM deliveries d JOIN endpoints e ON e.id = d.endpoint_id " +
        `WHERE ${deliveryNamed("d")} AND e.account_id = @accountId`,
    ).get({ ...namedById(deliveryId), accountId }) as
      | { number: number; test: number; deleted_at: number | null }
      | undefined;
    if (found === undefined) return { kind: "not_found" };
    if (found.test === 1) return { kind: "test_delivery" };
    if (found.deleted_at !== null) return { kind: "endpoint_deleted" };
    const { number } = found;
    statement(`UPDATE deliveries SET ${REQUEUE_SET} WHERE id = @number`).run({ now, number });
    // Back in its original place: a later delivery of its key let through meanwhile is held again.
    settleOrderedKeys(context, orderedKeysOf(context, [number]), now);
    const row = statement(`SELECT ${DELIVERY_VIEW_COLUMNS} FROM deliveries WHERE id = ?`).get(
      number,
    ) as DeliveryRow;
    return { kind: "resent", delivery: toDelivery(row) };
  });

  const start = db.transaction((input: RecoveryStart): RecoveryRecord | undefined => {
    const live = statement(
      "SELECT 1 FROM endpoints WHERE id = ? AND account_id = ? AND deleted_at IS NULL",
    ).get(input.endpointId, input.accountId);
    if (live === undefined) return undefined;
    const running = statement(
      `SELECT ${RECOVERY_COLUMNS} FROM recoveries WHERE endpoint_id = ? AND account_id = ? AND since = ? ` +
        "AND until = ? AND status = 'running' ORDER BY id LIMIT 1",
    ).get(input.endpointId, input.accountId, input.since, input.until) as RecoveryRow | undefined;
    if (running !== undefined) return toRecovery(running);
    const total = statement(`SELECT COUNT(*) ${IN_WINDOW} AND ${FAILED}`).pluck().get({
      endpointId: input.endpointId,
      since: input.since,
      until: input.until,
    }) as number;
    const row = statement(
      `INSERT INTO recoveries (${RECOVERY_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, 0, NULL, ?, ?) RETURNING ${RECOVERY_COLUMNS}`,
    ).get(
      input.id,
      input.accountId,
      input.endpointId,
      input.since,
      input.until,
      total === 0 ? "done" : "running",
      total,
      input.now,
      input.now,
    ) as RecoveryRow;
    return toRecovery(row);
  });

  const advance = db.transaction(
    (accountId: string, recoveryId: string, batchSize: number, now: number): RecoveryRecord | undefined => {
      const recovery = readRecovery(accountId, recoveryId);
      if (recovery === undefined) return undefined;
      if (recovery.status === "done") return toRecovery(recovery);
      const endpointLive =
        statement("SELECT 1 FROM endpoints WHERE id = ? AND deleted_at IS NULL").get(recovery.endpoint_id) !==
        undefined;
      const ids = endpointLive
        ? (statement(
            `SELECT d.id ${IN_WINDOW} AND ${FAILED_OR_IN_FLIGHT} AND d.id > @cursor ORDER BY d.id LIMIT @limit`,
          )
            .pluck()
            .all({
              endpointId: recovery.endpoint_id,
              since: recovery.since,
              until: recovery.until,
              // The last delivery handled, by number (migration 017 numbered those of earlier recoveries).
              cursor: Number(recovery.cursor ?? 0),
              limit: Math.max(1, Math.floor(batchSize)),
            }) as number[])
        : [];
      const requeued =
        ids.length === 0 ? 0 : statement(REQUEUE_FAILED_SQL).run({ ids: JSON.stringify(ids), now }).changes;
      if (ids.length > 0) statement(REQUEUE_IF_FAILED_SQL).run({ ids: JSON.stringify(ids), now });
      settleOrderedKeys(context, orderedKeysOf(context, ids), now);
      const done = ids.length < Math.max(1, Math.floor(batchSize));
      const row = statement(
        "UPDATE recoveries SET requeued = requeued + ?, cursor = COALESCE(?, cursor), status = ?, updated_at = ? " +
          `WHERE id = ? RETURNING ${RECOVERY_COLUMNS}`,
      ).get(
        requeued,
        ids.length === 0 ? null : String(ids.at(-1)),
        done ? "done" : "running",
        now,
        recoveryId,
      ) as RecoveryRow;
      return toRecovery(row);
    },
  );

  return {
    async resendDelivery(accountId, deliveryId, now) {
      return resend.immediate(accountId, deliveryId, now);
    },
    async startRecovery(input) {
      return start.immediate(input);
    },
    async advanceRecovery(accountId, recoveryId, batchSize, now) {
      return advance.immediate(accountId, recoveryId, batchSize, now);
    },
    async getRecovery(accountId, recoveryId) {
      const row = readRecovery(accountId, recoveryId);
      return row === undefined ? undefined : toRecovery(row);
    },
  };
}
