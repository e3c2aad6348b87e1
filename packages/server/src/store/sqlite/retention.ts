import { attemptMinuteOf } from "../endpoint-attempt-minutes.js";
import type { RetentionBatchOutcome, RetentionInput, RetentionStore } from "../port.js";
import { DELETE_ATTEMPT_MINUTES_SQL } from "./endpoint-attempt-minutes.js";
import type { SqliteContext } from "./sqlite-context.js";

/** The oldest expired finished deliveries (served by the partial index `deliveries_finished_by_age`). */
export const EXPIRED_DELIVERIES_SQL = `
SELECT id, event_number FROM deliveries
WHERE status IN ('succeeded', 'failed') AND created_at < @olderThan
ORDER BY created_at
LIMIT @limit`;

const DELETE_ATTEMPTS_SQL = "DELETE FROM attempts WHERE delivery_id IN (SELECT value FROM json_each(?))";
const DELETE_DELIVERIES_SQL = "DELETE FROM deliveries WHERE id IN (SELECT value FROM json_each(?))";

/** The batch's events (by number) that no delivery references any more. */
const DELETE_RELEASED_EVENTS_SQL = `
DELETE FROM events
WHERE number IN (SELECT value FROM json_each(@eventNumbers)) AND created_at < @olderThan
  AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.event_number = events.number)
RETURNING id`;

/** Other old events nobody references (e.g. published with no subscriber), oldest first. */
export const DELETE_UNREFERENCED_EVENTS_SQL = `
DELETE FROM events WHERE number IN (
  SELECT e.number FROM events e
  WHERE e.created_at < @olderThan AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.event_number = e.number)
  ORDER BY e.created_at
  LIMIT @limit
)
RETURNING id`;

/** The keys of the events just deleted: a key goes with its event, never before nor after it. */
const DELETE_KEYS_OF_EVENTS_SQL =
  "DELETE FROM idempotency_keys WHERE primary_event_id IN (SELECT value FROM json_each(?))";

/**
 * Old keys whose event is already gone (deleted before keys went with their events): nothing else
 * would ever remove them.
 */
export const DELETE_IDEMPOTENCY_KEYS_SQL = `
DELETE FROM idempotency_keys WHERE rowid IN (
  SELECT k.rowid FROM idempotency_keys k
  WHERE k.created_at < @olderThan AND NOT EXISTS (SELECT 1 FROM events e WHERE e.id = k.primary_event_id)
  ORDER BY k.created_at LIMIT @limit
)`;

/**
 * Retention on the embedded store: each call is one IMMEDIATE transaction touching at most a few batches
 * of rows, so the writer lock is held for milliseconds and the delivery loop and the API interleave
 * between batches.
 */
export function sqliteRetentionMethods({ db, statement }: SqliteContext): RetentionStore {
  const deleteBatch = db.transaction((input: RetentionInput, limit: number): RetentionBatchOutcome => {
    const olderThan = Math.round(input.olderThan);
    const expired = statement(EXPIRED_DELIVERIES_SQL).all({ olderThan, limit }) as {
      id: number;
      event_number: number;
    }[];
    let attempts = 0;
    let released: string[] = [];
    if (expired.length > 0) {
      const ids = JSON.stringify(expired.map((row) => row.id));
      attempts = statement(DELETE_ATTEMPTS_SQL).run(ids).changes;
      statement(DELETE_DELIVERIES_SQL).run(ids);
      const eventNumbers = JSON.stringify([...new Set(expired.map((row) => row.event_number))]);
      released = statement(DELETE_RELEASED_EVENTS_SQL).pluck().all({ eventNumbers, olderThan }) as string[];
    }
    const deliveriesLeft = expired.length >= limit;
    // Old events whose deliveries are still to be expired are not looked at: that scan would grow with
    // the backlog. Once the old finished deliveries are gone, the old events left unreferenced go too,
    // and so do old keys left without an event, and the attempt counters of those minutes.
    const unreferenced = deliveriesLeft
      ? []
      : (statement(DELETE_UNREFERENCED_EVENTS_SQL).pluck().all({ olderThan, limit }) as string[]);
    const deletedEvents = released.concat(unreferenced);
    let idempotencyKeys =
      deletedEvents.length === 0
        ? 0
        : statement(DELETE_KEYS_OF_EVENTS_SQL).run(JSON.stringify(deletedEvents)).changes;
    const orphanKeys = deliveriesLeft
      ? 0
      : statement(DELETE_IDEMPOTENCY_KEYS_SQL).run({ olderThan, limit }).changes;
    idempotencyKeys += orphanKeys;
    const minutes = deliveriesLeft
      ? 0
      : statement(DELETE_ATTEMPT_MINUTES_SQL).run({ minute: attemptMinuteOf(olderThan), limit }).changes;
    return {
      deliveries: expired.length,
      attempts,
      events: deletedEvents.length,
      idempotencyKeys,
      more: deliveriesLeft || unreferenced.length >= limit || orphanKeys >= limit || minutes >= limit,
    };
  });

  return {
    async deleteExpired(input) {
      const limit = Math.floor(input.batchSize);
      if (!(limit > 0)) return { deliveries: 0, attempts: 0, events: 0, idempotencyKeys: 0, more: false };
      return deleteBatch.immediate(input, limit);
    },
  };
}
