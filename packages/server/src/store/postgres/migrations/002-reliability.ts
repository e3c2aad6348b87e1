/**
 * Delivery reliability, mirroring `../../sqlite/migrations/002-reliability.ts`, with one
 * difference: the health kept on every recorded batch lives in its own table, `endpoint_health`, not on
 * the endpoint row. A publish share-locks the endpoint rows it fans out to, and a worker updating those
 * rows while recording would wait on publishes (and they on it): the side table keeps both apart.
 *
 * - `endpoints.disabled_reason` / `disabled_at` say why and when an endpoint was disabled; endpoints
 *   already disabled count as disabled by their user, at their last update.
 * - `endpoint_health` holds `failing_since`, `last_success_at`, `last_failure_at` (no row: never attempted).
 * - `deliveries_pending_by_endpoint` serves the claim when the oldest due deliveries belong to endpoints
 *   it must skip (disabled, excluded): one seek per endpoint with pending deliveries instead of a scan
 *   of the skipped backlog.
 */
export const reliabilitySchema = `
ALTER TABLE endpoints ADD COLUMN disabled_reason text CHECK (disabled_reason IN ('user', 'failing_too_long'));
ALTER TABLE endpoints ADD COLUMN disabled_at bigint;
UPDATE endpoints SET disabled_reason = 'user', disabled_at = updated_at WHERE NOT enabled AND deleted_at IS NULL;

CREATE TABLE endpoint_health (
  endpoint_id text COLLATE "C" PRIMARY KEY REFERENCES endpoints (id),
  failing_since bigint,
  last_success_at bigint,
  last_failure_at bigint
);
CREATE INDEX endpoint_health_failing ON endpoint_health (failing_since) WHERE failing_since IS NOT NULL;

CREATE INDEX deliveries_pending_by_endpoint ON deliveries (endpoint_id, next_attempt_at, id) WHERE status = 'pending';
`;
