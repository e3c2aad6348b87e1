/**
 * Ordered delivery per key (issue 14, part 1). Mirrors `../../postgres/migrations/012-ordered-delivery.ts`.
 *
 * - `endpoints.ordering`: NULL (every endpoint before this migration: not ordered), `candidate` or
 *   `campaign`: the event field whose value is the ordering key.
 * - `deliveries.order_key`: that key, fixed at fan-out; NULL for unordered endpoints and for events
 *   without the field (about a byte per row). `order_seq`: the publish order within the key.
 * - A pending ordered delivery whose turn has not come is held: `next_attempt_at` NULL, so it is not due
 *   and no claim reads it (`deliveries_due` scans stop before NULLs); the key's head is due as usual.
 * - Both new indexes hold pending ordered rows only: finished and unordered deliveries cost them nothing.
 *   `deliveries_order_pending` finds a key's earliest pending delivery (and, for the API, the one a
 *   held delivery waits for); `deliveries_order_heads` finds a key's not held ones (its head).
 * - `delivery_order_sequence`: the last `order_seq` given (one row; the embedded store has one writer).
 */
export const orderedDeliverySchema = `
ALTER TABLE endpoints ADD COLUMN ordering TEXT CHECK (ordering IN ('candidate', 'campaign'));
ALTER TABLE deliveries ADD COLUMN order_key TEXT;
ALTER TABLE deliveries ADD COLUMN order_seq INTEGER;
CREATE INDEX deliveries_order_pending ON deliveries (endpoint_id, order_key, order_seq)
  WHERE status = 'pending' AND order_key IS NOT NULL;
CREATE INDEX deliveries_order_heads ON deliveries (endpoint_id, order_key)
  WHERE status = 'pending' AND order_key IS NOT NULL AND next_attempt_at IS NOT NULL;
CREATE TABLE delivery_order_sequence (id INTEGER PRIMARY KEY CHECK (id = 1), last INTEGER NOT NULL) STRICT;
INSERT INTO delivery_order_sequence (id, last) VALUES (1, 0);
`;
