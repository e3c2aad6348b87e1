import type { RetentionBatchOutcome, RetentionInput } from "../port.js";
import type { Queryable } from "./connection.js";
import { epochMs } from "./rows.js";

/**
 * Locks the oldest expired finished deliveries (partial index `deliveries_finished_by_age`), skipping
 * rows another transaction holds: a concurrent retention run takes other rows, and a delivery being
 * recovered (re-queued) at this very moment is left alone. Under READ COMMITTED a row updated meanwhile
 * is checked again against the WHERE clause, so a delivery recovered just before is not deleted.
 */
const LOCK_EXPIRED_DELIVERIES_SQL = `
SELECT id, event_id FROM deliveries
WHERE status IN ('succeeded', 'failed') AND created_at < $1
ORDER BY created_at, id
LIMIT $2
FOR UPDATE SKIP LOCKED`;

/**
 * The batch's events that no delivery references any more. Deliveries deleted by a concurrent run are
 * still visible here until it commits: such an event is left for a later call (unreferenced events).
 */
const DELETE_RELEASED_EVENTS_SQL = `
DELETE FROM events e
WHERE e.id = ANY ($1::text[]) AND e.created_at < $2
  AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.event_id = e.id)`;

const DELETE_UNREFERENCED_EVENTS_SQL = `
DELETE FROM events WHERE id = ANY (ARRAY(
  SELECT e.id FROM events e
  WHERE e.created_at < $1 AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.event_id = e.id)
  ORDER BY e.created_at, e.id
  LIMIT $2
  FOR UPDATE OF e SKIP LOCKED
))`;

const DELETE_IDEMPOTENCY_KEYS_SQL = `
DELETE FROM idempotency_keys WHERE ctid = ANY (ARRAY(
  SELECT ctid FROM idempotency_keys WHERE created_at < $1 ORDER BY created_at LIMIT $2 FOR UPDATE SKIP LOCKED
))`;

/**
 * Call inside a transaction: one batch of retention (see `Store.deleteExpired`). Only row locks are
 * taken, on the rows deleted, so publishing, claiming and reading go on meanwhile.
 */
export async function deleteExpired(db: Queryable, input: RetentionInput): Promise<RetentionBatchOutcome> {
  const limit = Math.floor(input.batchSize);
  if (!(limit > 0)) return { deliveries: 0, attempts: 0, events: 0, idempotencyKeys: 0, more: false };
  const olderThan = epochMs(input.olderThan);
  const expired = await db.query<{ id: string; event_id: string }>(LOCK_EXPIRED_DELIVERIES_SQL, [
    olderThan,
    limit,
  ]);
  let attempts = 0;
  let events = 0;
  if (expired.rows.length > 0) {
    const ids = expired.rows.map((row) => row.id);
    attempts =
      (await db.query("DELETE FROM attempts WHERE delivery_id = ANY ($1::text[])", [ids])).rowCount ?? 0;
    await db.query("DELETE FROM deliveries WHERE id = ANY ($1::text[])", [ids]);
    const eventIds = [...new Set(expired.rows.map((row) => row.event_id))];
    events = (await db.query(DELETE_RELEASED_EVENTS_SQL, [eventIds, olderThan])).rowCount ?? 0;
  }
  const deliveriesLeft = expired.rows.length >= limit;
  // Old events whose deliveries are still to be expired are not looked at: that scan would grow with
  // the backlog. Once the old finished deliveries are gone, the old events left unreferenced go too.
  const unreferenced = deliveriesLeft
    ? 0
    : ((await db.query(DELETE_UNREFERENCED_EVENTS_SQL, [olderThan, limit])).rowCount ?? 0);
  const idempotencyKeys = (await db.query(DELETE_IDEMPOTENCY_KEYS_SQL, [olderThan, limit])).rowCount ?? 0;
  return {
    deliveries: expired.rows.length,
    attempts,
    events: events + unreferenced,
    idempotencyKeys,
    more: deliveriesLeft || unreferenced >= limit || idempotencyKeys >= limit,
  };
}
