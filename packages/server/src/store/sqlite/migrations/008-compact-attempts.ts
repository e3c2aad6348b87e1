/**
 * Attempts that keep what cannot be derived, once. Mirrors `../../postgres/migrations/008-compact-attempts.ts`.
 *
 * - The request headers of an attempt follow from its delivery (event id and type, test flag) and
 *   itself (number, start time), but two facts: `request_signed` (the endpoint had a secret) and
 *   `user_agent` (the version that sent it); `domain/recorded-request-headers.ts` rebuilds them.
 *   `request_headers` keeps only headers that do not rebuild exactly: those of every attempt recorded
 *   before this migration (carried over as they were) and none made since.
 * - The columns are grouped by what they record (key, timing, outcome, request, response).
 * - The table is keyed by `(delivery_id, id)` WITHOUT ROWID: the one query that reads attempts by
 *   delivery (the attempt log, retention's delete, the endpoint statistics' join) seeks that key, so
 *   the row is its own index; the `id` index and `attempts_by_delivery` go.
 */
export const compactAttemptsSchema = `
CREATE TABLE attempts_keyed_by_delivery (
  delivery_id TEXT NOT NULL REFERENCES deliveries (id), id TEXT NOT NULL,
  attempt_number INTEGER NOT NULL, started_at INTEGER NOT NULL, duration_ms REAL NOT NULL,
  status_code INTEGER, error_kind TEXT, error_message TEXT, response_excerpt TEXT,
  request_signed INTEGER CHECK (request_signed IN (0, 1)), user_agent TEXT, request_headers TEXT,
  response_headers TEXT,
  PRIMARY KEY (delivery_id, id)
) STRICT, WITHOUT ROWID;
INSERT INTO attempts_keyed_by_delivery (delivery_id, id, attempt_number, started_at, duration_ms, status_code,
  error_kind, error_message, response_excerpt, request_signed, user_agent, request_headers, response_headers)
SELECT delivery_id, id, attempt_number, started_at, duration_ms, status_code, error_kind, error_message,
  response_excerpt, NULL, NULL, request_headers, response_headers
FROM attempts;
DROP TABLE attempts;
ALTER TABLE attempts_keyed_by_delivery RENAME TO attempts;
`;
