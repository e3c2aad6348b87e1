import { attemptMinuteOf } from "../endpoint-attempt-minutes.js";
import type { RetentionBatchOutcome, RetentionInput, RetentionStore } from "../port.js";
import type { Queryable } from "./connection.js";
import { deleteAttemptMinutes } from "./endpoint-attempt-minutes.js";
import { inOrderedReadTransaction } from "./ordered-read-transaction.js";
import type { PostgresContext } from "./postgres-context.js";
import { epochMs } from "./rows.js";

/**
 * Locks the oldest expired finished deliveries (partial index `deliveries_finished_by_age`), skipping
 * rows another transaction holds: a concurrent retention run takes other rows, and a delivery being
 * recovered (re-queued) at this very moment is left alone. Under READ COMMITTED a row updated meanwhile
 * is checked again against the WHERE clause, so a delivery recovered just before is not deleted.
 */
export const LOCK_EXPIRED_DELIVERIES_SQL = `
SELECT id, event_id FROM deliveries
WHERE status IN ('succeeded', 'failed') AND created_at < $1
ORDER BY created_at
LIMIT $2
FOR UPDATE SKIP LOCKED`;

/**
 * The batch's events that no delivery references any more. Deliveries deleted by a concurrent run are
 * still visible here until it commits: such an event is left for a later call (unreferenced events).
 */
const DELETE_RELEASED_EVENTS_SQL = `
DELETE FROM events e
WHERE e.id = ANY ($1::text[]) AND e.created_at < $2
  AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.event_id = e.id)
RETURNING e.id`;

const DELETE_UNREFERENCED_EVENTS_SQL = `
DELETE FROM events WHERE id = ANY (ARRAY(
  SELECT e.id FROM events e
  WHERE e.created_at < $1 AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.event_id = e.id)
  ORDER BY e.created_at
  LIMIT $2
  FOR UPDATE OF e SKIP LOCKED
))
RETURNING id`;

/**
 * The keys of the events just deleted, in the same transaction: a key goes with its event, never before
 * nor after it. A publish repeating a key waits for this transaction (its INSERT ... ON CONFLICT meets
 * the locked key) and then finds neither the key nor the event.
 */
const DELETE_KEYS_OF_EVENTS_SQL = "DELETE FROM idempotency_keys WHERE primary_event_id = ANY ($1::text[])";

/** Old keys whose event is already gone (deleted before keys went with their events). */
const DELETE_ORPHAN_KEYS_SQL = `
DELETE FROM idempotency_keys WHERE ctid = ANY (ARRAY(
  SELECT k.ctid FROM idempotency_keys k
  WHERE k.created_at < $1 AND NOT EXISTS (SELECT 1 FROM events e WHERE e.id = k.primary_event_id)
  ORDER BY k.created_at LIMIT $2 FOR UPDATE OF k SKIP LOCKED
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
  let released: string[] = [];
  if (expired.rows.length > 0) {
    const ids = expired.rows.map((row) => row.id);
    attempts =
      (await db.query("DELETE FROM attempts WHERE delivery_id = ANY ($1::text[])", [ids])).rowCount ?? 0;
    await db.query("DELETE FROM deliveries WHERE id = ANY ($1::text[])", [ids]);
    const eventIds = [...new Set(expired.rows.map((row) => row.event_id))];
    released = (await db.query<{ id: string }>(DELETE_RELEASED_EVENTS_SQL, [eventIds, olderThan])).rows.map(
      (row) => row.id,
    );
  }
  const deliveriesLeft = expired.rows.length >= limit;
  // Old events whose deliveries are still to be expired are not looked at: that scan would grow with
  // the backlog. Once the old finished deliveries are gone, the old events left unreferenced go too,
  // and so do old keys left without an event, and the attempt counters of those minutes.
  const unreferenced = deliveriesLeft
    ? []
    : (await db.query<{ id: string }>(DELETE_UNREFERENCED_EVENTS_SQL, [olderThan, limit])).rows.map(
        (row) => row.id,
      );
  const deletedEvents = released.concat(unreferenced);
  let idempotencyKeys =
    deletedEvents.length === 0
      ? 0
      : ((await db.query(DELETE_KEYS_OF_EVENTS_SQL, [deletedEvents])).rowCount ?? 0);
  const orphanKeys = deliveriesLeft
    ? 0
    : ((await db.query(DELETE_ORPHAN_KEYS_SQL, [olderThan, limit])).rowCount ?? 0);
  idempotencyKeys += orphanKeys;
  const minutes = deliveriesLeft ? 0 : await deleteAttemptMinutes(db, attemptMinuteOf(olderThan), limit);
  return {
    deliveries: expired.rows.length,
    attempts,
    events: deletedEvents.length,
    idempotencyKeys,
    more: deliveriesLeft || unreferenced.length >= limit || orphanKeys >= limit || minutes >= limit,
  };
}

export function postgresRetentionMethods({ pool }: PostgresContext): RetentionStore {
  return { deleteExpired: (input) => inOrderedReadTransaction(pool, (tx) => deleteExpired(tx, input)) };
}
