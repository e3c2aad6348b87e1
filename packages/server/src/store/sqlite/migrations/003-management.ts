/**
 * The management API.
 *
 * - `endpoints.metadata`: the customer's labels, a JSON object of strings.
 * - `endpoint_previous_secrets`: secrets replaced by a rotation, signing until `expires_at`; the claim
 *   reads the active ones of each claimed endpoint (served by `(endpoint_id, expires_at)`).
 * - `events.campaign_id` / `candidate_id`: copied from the event's data at publish, so the delivery log
 *   can be filtered by them (partial indexes: most events of a type have one, some have none).
 * - `events_by_account`: the events list, newest first.
 * - `deliveries.test`: "Tester" deliveries; `deliveries.retry_budget_start`: attempts made before the
 *   last resend or recovery (the retry schedule counts from there).
 * - `deliveries_by_endpoint_updated`: an endpoint's recent attempts (an attempt always updates its
 *   delivery), for the per-endpoint statistics.
 * - `attempts.request_headers` / `response_headers`: JSON objects, signatures redacted.
 * - `recoveries`: bulk re-queues and their progress (`cursor` = the last delivery id handled).
 */
export const managementSchema = `
ALTER TABLE endpoints ADD COLUMN metadata TEXT NOT NULL DEFAULT '{}';

CREATE TABLE endpoint_previous_secrets (
  endpoint_id TEXT NOT NULL REFERENCES endpoints (id),
  sealed_secret TEXT NOT NULL,
  retired_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
) STRICT;
CREATE INDEX endpoint_previous_secrets_active ON endpoint_previous_secrets (endpoint_id, expires_at);

ALTER TABLE events ADD COLUMN campaign_id TEXT;
ALTER TABLE events ADD COLUMN candidate_id TEXT;
CREATE INDEX events_by_campaign ON events (account_id, campaign_id) WHERE campaign_id IS NOT NULL;
CREATE INDEX events_by_candidate ON events (account_id, candidate_id) WHERE candidate_id IS NOT NULL;
CREATE INDEX events_by_account ON events (account_id, id);

ALTER TABLE deliveries ADD COLUMN test INTEGER NOT NULL DEFAULT 0 CHECK (test IN (0, 1));
ALTER TABLE deliveries ADD COLUMN retry_budget_start INTEGER NOT NULL DEFAULT 0;
CREATE INDEX deliveries_by_endpoint_updated ON deliveries (endpoint_id, updated_at);

ALTER TABLE attempts ADD COLUMN request_headers TEXT;
ALTER TABLE attempts ADD COLUMN response_headers TEXT;

CREATE TABLE recoveries (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts (id),
  endpoint_id TEXT NOT NULL REFERENCES endpoints (id),
  since INTEGER NOT NULL,
  until INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('running', 'done')),
  total INTEGER NOT NULL,
  requeued INTEGER NOT NULL,
  cursor TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX recoveries_running ON recoveries (endpoint_id, since, until) WHERE status = 'running';
`;
