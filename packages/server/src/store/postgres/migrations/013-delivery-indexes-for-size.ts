/**
 * Two delivery indexes fewer, mirroring `../../sqlite/migrations/013-delivery-indexes-for-size.ts` (the
 * reasons are there): `deliveries_by_endpoint_updated` gives way to the per-minute counters of
 * `endpoint_attempt_minutes`, seeded from the stored attempts; `deliveries_by_account` to a listing
 * merged over the account's endpoints on `deliveries_by_endpoint`.
 */
export const deliveryIndexesForSizeSchema = `
CREATE TABLE endpoint_attempt_minutes (
  endpoint_id text COLLATE "C" NOT NULL REFERENCES endpoints (id),
  minute bigint NOT NULL,
  shard smallint NOT NULL,
  attempts integer NOT NULL,
  succeeded integer NOT NULL,
  PRIMARY KEY (endpoint_id, minute, shard)
);
INSERT INTO endpoint_attempt_minutes (endpoint_id, minute, shard, attempts, succeeded)
SELECT d.endpoint_id, a.started_at / 60000, 0, count(*), count(*) FILTER (WHERE a.status_code BETWEEN 200 AND 299)
FROM attempts a JOIN deliveries d ON d.id = a.delivery_id
WHERE NOT d.test
GROUP BY 1, 2;
DROP INDEX IF EXISTS deliveries_by_endpoint_updated;
DROP INDEX IF EXISTS deliveries_by_account;
`;
