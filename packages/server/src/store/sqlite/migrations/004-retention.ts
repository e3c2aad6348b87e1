/**
 * Retention: indexes that let `deleteExpired` find expired rows oldest first without a scan.
 *
 * - `deliveries_finished_by_age` holds finished deliveries only (a pending one is never expired), so
 *   publishing adds no entry to it; a delivery enters it when it finishes.
 * - `events_by_age` finds old events nobody references any more (e.g. nobody subscribed to them).
 * - `idempotency_keys_by_age` expires publishers' idempotency keys with the data they protected.
 */
export const retentionIndexes = `
CREATE INDEX deliveries_finished_by_age ON deliveries (created_at, id) WHERE status IN ('succeeded', 'failed');
CREATE INDEX events_by_age ON events (created_at, id);
CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created_at);
`;
