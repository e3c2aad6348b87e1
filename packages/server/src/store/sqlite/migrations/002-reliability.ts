/**
 * Delivery reliability: endpoint health and disabling, and the index of fair claiming.
 *
 * - `failing_since`, `last_success_at`, `last_failure_at` are kept by `recordAttemptResults`;
 *   `disabled_reason` / `disabled_at` say why and when an endpoint was disabled (`enabled` = 0). Endpoints
 *   already disabled count as disabled by their user, at their last update.
 * - `endpoints_failing` finds the endpoints failing for too long without reading the others.
 * - `deliveries_pending_by_endpoint` serves the claim when the oldest due deliveries belong to endpoints
 *   the claim must skip (disabled, excluded): it lists the endpoints that have pending deliveries (one
 *   seek each) and reads each one's oldest due deliveries, instead of scanning a skipped backlog.
 */
export const reliabilitySchema = `
ALTER TABLE endpoints ADD COLUMN failing_since INTEGER;
ALTER TABLE endpoints ADD COLUMN last_success_at INTEGER;
ALTER TABLE endpoints ADD COLUMN last_failure_at INTEGER;
ALTER TABLE endpoints ADD COLUMN disabled_reason TEXT CHECK (disabled_reason IN ('user', 'failing_too_long'));
ALTER TABLE endpoints ADD COLUMN disabled_at INTEGER;
UPDATE endpoints SET disabled_reason = 'user', disabled_at = updated_at WHERE enabled = 0 AND deleted_at IS NULL;
CREATE INDEX endpoints_failing ON endpoints (failing_since) WHERE failing_since IS NOT NULL AND enabled = 1;
CREATE INDEX deliveries_pending_by_endpoint ON deliveries (endpoint_id, next_attempt_at, id) WHERE status = 'pending';
`;
