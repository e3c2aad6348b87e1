/**
 * Mirrors `../../sqlite/migrations/005-requeue-and-key-retention.ts`.
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
ALTER TABLE deliveries ADD COLUMN IF NOT EXISTS requeue_requested_at bigint;
ALTER TABLE deliveries ADD COLUMN IF NOT EXISTS requeue_if_failed boolean NOT NULL DEFAULT false;
CREATE INDEX IF NOT EXISTS idempotency_keys_by_event ON idempotency_keys (primary_event_id);
`;
