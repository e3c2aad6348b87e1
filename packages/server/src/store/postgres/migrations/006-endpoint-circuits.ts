/**
 * The circuit breaker of each endpoint, kept in the store so every worker process sees the same state
 * (rules in `domain/circuit-rule.ts`), mirroring `../../sqlite/migrations/006-endpoint-circuits.ts`.
 * A side table, like `endpoint_health` (see 002): publishes share-lock endpoint rows, and recording
 * must not wait on them. No row: closed, without failures.
 */
export const endpointCircuitsSchema = `
CREATE TABLE endpoint_circuits (
  endpoint_id text COLLATE "C" PRIMARY KEY REFERENCES endpoints (id),
  consecutive_failures integer NOT NULL,
  opened_at bigint,
  paused_until bigint,
  cooldown_ms bigint,
  probe_delivery_id text,
  probe_lease_until bigint
);
CREATE INDEX endpoint_circuits_open ON endpoint_circuits (endpoint_id) WHERE opened_at IS NOT NULL;
`;
