import { PUBLIC_ID_SQL } from "../delivery-numbers.js";

const EVENT_COLUMNS = "id, account_id, type, occurred_at, body, created_at, campaign_id, candidate_id";

const DELIVERY_COLUMNS = `endpoint_id, status, attempt_count, next_attempt_at, last_status_code,
  last_error_kind, lease_owner, lease_expires_at, created_at, updated_at, test, retry_budget_start,
  requeue_requested_at, requeue_if_failed, pull_position, order_key, order_seq`;

const ATTEMPT_COLUMNS = `id, attempt_number, started_at, duration_ms, status_code, error_kind, error_message,
  response_excerpt, request_signed, request_headers, response_headers, user_agent_id`;

/**
 * A delivery is keyed by a number, names its event by number, and no longer copies its endpoint's
 * account. Mirrored by
 * `../../postgres/migrations/017-deliveries-keyed-by-number.ts`, which changes nothing.
 *
 * Its 30-character id was stored four times per delivery (the row, the primary key's index,
 * `deliveries_by_endpoint`, and each attempt's key), its event's twice (the row, `deliveries_by_event`),
 * and `account_id` repeated the endpoint's in every row: about 220 of the 723 bytes a finished delivery
 * took in the bench's storage phase. Now:
 * - `id` is the rowid (AUTOINCREMENT: a number is never given twice), and the public id follows from
 *   it and the creation time (`../delivery-numbers.ts`, the generated column `public_id`); the ids of
 *   the deliveries already stored stay theirs, in `given_id`, numbered in their own order;
 * - attempts name their delivery by number, and deliveries their event (`event_number`: the event's
 *   rowid, now a column of its own, `events.number`, so that no VACUUM renumbers it);
 * - `deliveries_by_endpoint` is `(endpoint_id, created_at)`: its rowid after the time orders an
 *   endpoint's deliveries as their public ids sort, newest first, and bounds a time window directly;
 * - the other indexes end with the rowid instead of the id, which they held twice.
 * A recovery's cursor (the last delivery it handled) becomes that delivery's number. The account is the
 * endpoint's, read through it. A foreign key names both tables, so they are rebuilt:
 * renamed aside (the attempts' key follows the rename), copied, and dropped.
 */
export const deliveriesKeyedByNumberSchema = `
ALTER TABLE attempts RENAME TO attempts_by_text_id;
ALTER TABLE deliveries RENAME TO deliveries_by_text_id;
ALTER TABLE events RENAME TO events_by_text_id;
CREATE TABLE events (
  number INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  account_id TEXT NOT NULL REFERENCES accounts (id),
  type TEXT NOT NULL,
  occurred_at INTEGER NOT NULL,
  body BLOB NOT NULL,
  created_at INTEGER NOT NULL,
  campaign_id TEXT,
  candidate_id TEXT
) STRICT;
INSERT INTO events (${EVENT_COLUMNS}) SELECT ${EVENT_COLUMNS} FROM events_by_text_id ORDER BY rowid;
CREATE TABLE deliveries (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  given_id TEXT,
  event_number INTEGER NOT NULL REFERENCES events (number),
  endpoint_id TEXT NOT NULL REFERENCES endpoints (id),
  status TEXT NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed')),
  attempt_count INTEGER NOT NULL,
  next_attempt_at INTEGER,
  last_status_code INTEGER,
  last_error_kind TEXT,
  lease_owner TEXT,
  lease_expires_at INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  test INTEGER NOT NULL DEFAULT 0 CHECK (test IN (0, 1)),
  retry_budget_start INTEGER NOT NULL DEFAULT 0,
  requeue_requested_at INTEGER,
  requeue_if_failed INTEGER NOT NULL DEFAULT 0 CHECK (requeue_if_failed IN (0, 1)),
  pull_position INTEGER,
  order_key TEXT,
  order_seq INTEGER,
  public_id TEXT GENERATED ALWAYS AS (${PUBLIC_ID_SQL}) VIRTUAL
) STRICT;
INSERT INTO deliveries (given_id, event_number, ${DELIVERY_COLUMNS})
SELECT d.id, e.number, ${DELIVERY_COLUMNS.replace(/(\w+)/g, "d.$1")}
FROM deliveries_by_text_id d JOIN events e ON e.id = d.event_id ORDER BY d.created_at, d.id;
CREATE UNIQUE INDEX deliveries_given_id ON deliveries (given_id) WHERE given_id IS NOT NULL;
CREATE TABLE attempts (
  delivery_id INTEGER NOT NULL REFERENCES deliveries (id),
  id TEXT NOT NULL,
  attempt_number INTEGER NOT NULL, started_at INTEGER NOT NULL, duration_ms REAL NOT NULL,
  status_code INTEGER, error_kind TEXT, error_message TEXT, response_excerpt TEXT,
  request_signed INTEGER CHECK (request_signed IN (0, 1)), request_headers TEXT,
  response_headers TEXT, user_agent_id INTEGER REFERENCES user_agents (id),
  PRIMARY KEY (delivery_id, id)
) STRICT, WITHOUT ROWID;
INSERT INTO attempts (delivery_id, ${ATTEMPT_COLUMNS})
SELECT d.id, ${ATTEMPT_COLUMNS.replace(/(\w+)/g, "a.$1")}
FROM attempts_by_text_id a JOIN deliveries d ON d.given_id = a.delivery_id;
UPDATE recoveries SET cursor = CAST((SELECT max(d.id) FROM deliveries d WHERE d.given_id <= recoveries.cursor) AS TEXT)
WHERE cursor IS NOT NULL;
DROP TABLE attempts_by_text_id;
DROP TABLE deliveries_by_text_id;
DROP TABLE events_by_text_id;
CREATE INDEX events_by_account ON events (account_id, id);
CREATE INDEX events_by_campaign ON events (account_id, campaign_id) WHERE campaign_id IS NOT NULL;
CREATE INDEX events_by_candidate ON events (account_id, candidate_id) WHERE candidate_id IS NOT NULL;
CREATE INDEX events_by_age ON events (created_at);
CREATE INDEX deliveries_due ON deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX deliveries_pending_by_endpoint ON deliveries (endpoint_id, next_attempt_at) WHERE status = 'pending';
CREATE INDEX deliveries_by_endpoint ON deliveries (endpoint_id, created_at);
CREATE INDEX deliveries_by_event ON deliveries (event_number);
CREATE INDEX deliveries_finished_by_age ON deliveries (created_at) WHERE status IN ('succeeded', 'failed');
CREATE INDEX deliveries_pull_order ON deliveries (endpoint_id, pull_position) WHERE pull_position IS NOT NULL;
CREATE INDEX deliveries_order_pending ON deliveries (endpoint_id, order_key, order_seq)
  WHERE status = 'pending' AND order_key IS NOT NULL;
CREATE INDEX deliveries_order_heads ON deliveries (endpoint_id, order_key)
  WHERE status = 'pending' AND order_key IS NOT NULL AND next_attempt_at IS NOT NULL;
`;
