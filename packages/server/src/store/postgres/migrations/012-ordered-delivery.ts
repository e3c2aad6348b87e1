/**
 * Ordered delivery per key, mirroring `../../sqlite/migrations/012-ordered-delivery.ts` (read it for the
 * columns and indexes). `delivery_order_seq` numbers publish statements: an ordered delivery's
 * `order_seq` is its statement's number times 10^6 plus its position in the statement (see
 * `publish-statement.ts`), so a publish that starts after another one answered comes after it. Two
 * publishes running at once have no order of their own; whichever the rule lets through first goes
 * first, and no two of a key are ever in flight together (`store/postgres/order-heads.ts`).
 */
export const orderedDeliverySchema = `
ALTER TABLE endpoints ADD COLUMN ordering text CHECK (ordering IN ('candidate', 'campaign'));
ALTER TABLE deliveries ADD COLUMN order_key text COLLATE "C", ADD COLUMN order_seq bigint;
CREATE INDEX deliveries_order_pending ON deliveries (endpoint_id, order_key, order_seq)
  WHERE status = 'pending' AND order_key IS NOT NULL;
CREATE INDEX deliveries_order_heads ON deliveries (endpoint_id, order_key)
  WHERE status = 'pending' AND order_key IS NOT NULL AND next_attempt_at IS NOT NULL;
CREATE SEQUENCE delivery_order_seq;
`;
