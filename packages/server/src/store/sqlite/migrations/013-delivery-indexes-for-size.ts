/**
 * Two delivery indexes fewer, so a finished delivery costs less to store and to write. Mirrors
 * `../../postgres/migrations/013-delivery-indexes-for-size.ts`; docs/store-indexes.md says which index
 * serves which query now.
 *
 * - `deliveries_by_endpoint_updated (endpoint_id, updated_at)` (about 64 bytes per delivery, moved on
 *   every attempt) only served an endpoint's success rate over the last hours. That rate is now read from
 *   `endpoint_attempt_minutes`: per endpoint and minute an attempt started in, the attempts and the 2xx
 *   among them, added to while results are recorded (split by the recording worker's shard, so that
 *   concurrent recorders on PostgreSQL do not queue on one row). A busy endpoint has at most a few rows a
 *   minute whatever its rate; Tester deliveries are not counted (they were left out before too). The rows are seeded here from
 *   the attempts already stored, so the figures read the same after the migration, and retention removes
 *   them with the deliveries of their time.
 * - `deliveries_by_account (account_id, id)` (about 79 bytes per delivery) served an account's listing
 *   newest first. The listing now merges `deliveries_by_endpoint (endpoint_id, id)` over the account's
 *   endpoints, taking at most the page's size from each, so its cost is bounded by the number of
 *   endpoints and the page, never by the history; the account's time series counts per endpoint too.
 */
export const deliveryIndexesForSizeSchema = `
CREATE TABLE endpoint_attempt_minutes (
  endpoint_id TEXT NOT NULL REFERENCES endpoints (id),
  minute INTEGER NOT NULL,
  shard INTEGER NOT NULL,
  attempts INTEGER NOT NULL,
  succeeded INTEGER NOT NULL,
  PRIMARY KEY (endpoint_id, minute, shard)
) STRICT, WITHOUT ROWID;
INSERT INTO endpoint_attempt_minutes (endpoint_id, minute, shard, attempts, succeeded)
SELECT d.endpoint_id, a.started_at / 60000, 0, COUNT(*), SUM(a.status_code BETWEEN 200 AND 299)
FROM attempts a JOIN deliveries d ON d.id = a.delivery_id
WHERE d.test = 0
GROUP BY 1, 2;
DROP INDEX deliveries_by_endpoint_updated;
DROP INDEX deliveries_by_account;
`;
