/**
 * Resends that compose with an attempt in flight, and retention that keeps a key with its event.
 *
 * - `requeue_requested_at`: a resend or recovery asked while the delivery is leased (an attempt in
 *   flight) is remembered here instead of being overwritten by that attempt's result; the result then
 *   leaves the delivery pending, due at this time, with a fresh retry budget, and clears it.
 * - `requeue_if_failed`: the request came from a recovery, which re-queues failed deliveries only: it is
 *   honoured only when that attempt leaves the delivery failed (a resend is honoured whatever the result).
 * - `idempotency_keys_by_event` lets retention delete the keys of the events it deletes, in the same
 *   transaction, so a key never outlives its event.
 */
export const requeueAndKeyRetentionSchema = `
ALTER TABLE deliveries ADD COLUMN requeue_requested_at INTEGER;
ALTER TABLE deliveries ADD COLUMN requeue_if_failed INTEGER NOT NULL DEFAULT 0 CHECK (requeue_if_failed IN (0, 1));
CREATE INDEX idempotency_keys_by_event ON idempotency_keys (primary_event_id);
`;
