/**
 * Retention, mirroring `../../sqlite/migrations/004-retention.ts`: indexes that let
 * `deleteExpired` find expired rows oldest first without a scan.
 *
 * - `deliveries_finished_by_age` holds finished deliveries only (a pending one is never expired), so
 *   publishing adds no entry to it; a delivery enters it when it finishes (an update that changes
 *   `status`, which is never a HOT update anyway because of `deliveries_due`).
 * - `events_by_age` finds old events nobody references any more (e.g. nobody subscribed to them).
 * - `idempotency_keys_by_age` expires publishers' idempotency keys with the data they protected.
 *
 * On a large existing database these builds block writes to the tables while they run (migrations run
 * in one transaction); see docs/operations.md for building them CONCURRENTLY beforehand.
 */
export const retentionIndexes = `
CREATE INDEX IF NOT EXISTS deliveries_finished_by_age ON deliveries (created_at, id)
  WHERE status IN ('succeeded', 'failed');
CREATE INDEX IF NOT EXISTS events_by_age ON events (created_at, id);
CREATE INDEX IF NOT EXISTS idempotency_keys_by_age ON idempotency_keys (created_at);
`;
