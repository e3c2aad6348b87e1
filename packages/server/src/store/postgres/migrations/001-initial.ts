/**
 * The first schema, mirroring the SQLite one (`../../sqlite/migrations/001-initial.ts`).
 *
 * - Ids are `text COLLATE "C"` so they sort byte-wise, which is creation order for our ids (see
 *   `newId`): "newest first" is `ORDER BY id DESC`.
 * - Times are `bigint` epoch milliseconds, always passed in by the caller (no `now()` anywhere).
 * - Event bodies are stored once, as `bytea`, in `events`; deliveries reference their event.
 * - Subscriptions are a join table, so fan-out is a join.
 * - Endpoints are soft-deleted (`deleted_at`) so the delivery log keeps pointing at a real row.
 * - The partial index `deliveries_due` serves the claim query and `nextDueAt`.
 */
export const initialSchema = `
CREATE TABLE accounts (
  id text COLLATE "C" PRIMARY KEY,
  name text NOT NULL,
  credits_threshold double precision NOT NULL,
  credit_balance double precision,
  last_campaign_id text,
  created_at bigint NOT NULL
);

CREATE TABLE api_keys (
  id text COLLATE "C" PRIMARY KEY,
  account_id text COLLATE "C" NOT NULL REFERENCES accounts (id),
  kind text NOT NULL CHECK (kind IN ('account', 'admin')),
  hash text NOT NULL UNIQUE,
  prefix text NOT NULL,
  name text NOT NULL,
  created_at bigint NOT NULL,
  revoked_at bigint
);
CREATE INDEX api_keys_by_account ON api_keys (account_id, created_at, id);

CREATE TABLE endpoints (
  id text COLLATE "C" PRIMARY KEY,
  account_id text COLLATE "C" NOT NULL REFERENCES accounts (id),
  url text NOT NULL,
  description text NOT NULL,
  enabled boolean NOT NULL,
  sealed_secret text,
  created_at bigint NOT NULL,
  updated_at bigint NOT NULL,
  deleted_at bigint
);
CREATE INDEX endpoints_by_account ON endpoints (account_id, created_at, id);

-- The event types an endpoint selected, one row each, so fan-out is a join.
CREATE TABLE endpoint_event_types (
  endpoint_id text COLLATE "C" NOT NULL REFERENCES endpoints (id),
  account_id text COLLATE "C" NOT NULL,
  event_type text NOT NULL,
  position integer NOT NULL,
  PRIMARY KEY (endpoint_id, event_type)
);
CREATE INDEX endpoint_event_types_fan_out ON endpoint_event_types (account_id, event_type);

-- The exact envelope bytes, stored once per event whatever the number of deliveries.
CREATE TABLE events (
  id text COLLATE "C" PRIMARY KEY,
  account_id text COLLATE "C" NOT NULL REFERENCES accounts (id),
  type text NOT NULL,
  occurred_at bigint NOT NULL,
  body bytea NOT NULL,
  created_at bigint NOT NULL
);

CREATE TABLE idempotency_keys (
  account_id text COLLATE "C" NOT NULL REFERENCES accounts (id),
  key text NOT NULL,
  primary_event_id text COLLATE "C" NOT NULL,
  created_at bigint NOT NULL,
  PRIMARY KEY (account_id, key)
);

CREATE TABLE deliveries (
  id text COLLATE "C" PRIMARY KEY,
  account_id text COLLATE "C" NOT NULL REFERENCES accounts (id),
  event_id text COLLATE "C" NOT NULL REFERENCES events (id),
  endpoint_id text COLLATE "C" NOT NULL REFERENCES endpoints (id),
  event_type text NOT NULL,
  status text NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed')),
  attempt_count integer NOT NULL DEFAULT 0,
  next_attempt_at bigint,
  last_status_code integer,
  last_error_kind text,
  lease_owner text,
  lease_expires_at bigint,
  created_at bigint NOT NULL,
  updated_at bigint NOT NULL
) WITH (fillfactor = 80);
-- Free space on each page lets a claim (which changes no indexed column) update its rows in place (HOT).
-- Serves the claim (due pending rows, oldest due first) and nextDueAt.
CREATE INDEX deliveries_due ON deliveries (next_attempt_at, id) WHERE status = 'pending';
CREATE INDEX deliveries_by_account ON deliveries (account_id, id);
CREATE INDEX deliveries_by_event ON deliveries (event_id);
CREATE INDEX deliveries_by_endpoint ON deliveries (endpoint_id, id);

CREATE TABLE attempts (
  id text COLLATE "C" PRIMARY KEY,
  delivery_id text COLLATE "C" NOT NULL REFERENCES deliveries (id),
  attempt_number integer NOT NULL,
  started_at bigint NOT NULL,
  duration_ms double precision NOT NULL,
  status_code integer,
  error_kind text,
  error_message text,
  response_excerpt text
);
CREATE INDEX attempts_by_delivery ON attempts (delivery_id, started_at);
`;
