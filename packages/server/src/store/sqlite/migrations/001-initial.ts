/**
 * The first schema. Tables are STRICT (SQLite checks column types). Times are epoch milliseconds.
 *
 * - Event bodies are stored once, as BLOB, in `events`; deliveries reference their event.
 * - Subscriptions are a join table, so fan-out is one INSERT ... SELECT.
 * - Endpoints are soft-deleted (`deleted_at`) so the delivery log keeps pointing at a real row.
 * - The partial index `deliveries_due` serves the claim query and `nextDueAt`; `(account_id, id)`
 *   serves listings newest first.
 */
export const initialSchema = `
CREATE TABLE accounts (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  credits_threshold REAL NOT NULL,
  credit_balance REAL,
  last_campaign_id TEXT,
  created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE api_keys (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts (id),
  kind TEXT NOT NULL CHECK (kind IN ('account', 'admin')),
  hash TEXT NOT NULL UNIQUE,
  prefix TEXT NOT NULL,
  name TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  revoked_at INTEGER
) STRICT;
CREATE INDEX api_keys_by_account ON api_keys (account_id, created_at);

CREATE TABLE endpoints (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts (id),
  url TEXT NOT NULL,
  description TEXT NOT NULL,
  enabled INTEGER NOT NULL CHECK (enabled IN (0, 1)),
  sealed_secret TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  deleted_at INTEGER
) STRICT;
CREATE INDEX endpoints_by_account ON endpoints (account_id, created_at);

CREATE TABLE endpoint_event_types (
  endpoint_id TEXT NOT NULL REFERENCES endpoints (id),
  account_id TEXT NOT NULL,
  event_type TEXT NOT NULL,
  position INTEGER NOT NULL,
  PRIMARY KEY (endpoint_id, event_type)
) STRICT;
CREATE INDEX endpoint_event_types_fan_out ON endpoint_event_types (account_id, event_type);

CREATE TABLE events (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts (id),
  type TEXT NOT NULL,
  occurred_at INTEGER NOT NULL,
  body BLOB NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE idempotency_keys (
  account_id TEXT NOT NULL REFERENCES accounts (id),
  key TEXT NOT NULL,
  primary_event_id TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (account_id, key)
) STRICT;

CREATE TABLE deliveries (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts (id),
  event_id TEXT NOT NULL REFERENCES events (id),
  endpoint_id TEXT NOT NULL REFERENCES endpoints (id),
  event_type TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed')),
  attempt_count INTEGER NOT NULL,
  next_attempt_at INTEGER,
  last_status_code INTEGER,
  last_error_kind TEXT,
  lease_owner TEXT,
  lease_expires_at INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX deliveries_due ON deliveries (next_attempt_at, id) WHERE status = 'pending';
CREATE INDEX deliveries_by_account ON deliveries (account_id, id);
CREATE INDEX deliveries_by_endpoint ON deliveries (endpoint_id, id);
CREATE INDEX deliveries_by_event ON deliveries (event_id, id);

CREATE TABLE attempts (
  id TEXT PRIMARY KEY,
  delivery_id TEXT NOT NULL REFERENCES deliveries (id),
  attempt_number INTEGER NOT NULL,
  started_at INTEGER NOT NULL,
  duration_ms REAL NOT NULL,
  status_code INTEGER,
  error_kind TEXT,
  error_message TEXT,
  response_excerpt TEXT
) STRICT;
CREATE INDEX attempts_by_delivery ON attempts (delivery_id, started_at);
`;
