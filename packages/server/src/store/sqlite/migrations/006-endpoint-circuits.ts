/**
 * The circuit breaker of each endpoint, kept in the store so every worker (and every process) sees the
 * same state (rules in `domain/circuit-rule.ts`). No row: closed, without failures. Mirrors
 * `../../postgres/migrations/006-endpoint-circuits.ts`.
 *
 * - `consecutive_failures`: failed attempts since the last success;
 * - `opened_at`, `paused_until`, `cooldown_ms`: set while the circuit is open (no attempt before
 *   `paused_until`; the pause grows after each failed probe);
 * - `probe_delivery_id`, `probe_lease_until`: the one delivery a claim took as the probe, and until
 *   when that claim holds the probe (another may be taken after it, if its worker vanished).
 * - `endpoint_circuits_open` lets each claim list the open circuits without reading the closed ones.
 */
export const endpointCircuitsSchema = `
CREATE TABLE endpoint_circuits (
  endpoint_id TEXT PRIMARY KEY REFERENCES endpoints (id),
  consecutive_failures INTEGER NOT NULL,
  opened_at INTEGER,
  paused_until INTEGER,
  cooldown_ms INTEGER,
  probe_delivery_id TEXT,
  probe_lease_until INTEGER
) STRICT;
CREATE INDEX endpoint_circuits_open ON endpoint_circuits (endpoint_id) WHERE opened_at IS NOT NULL;
`;
