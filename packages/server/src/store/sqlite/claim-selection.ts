import type { ClaimInput } from "../port.js";
import type { SqliteContext } from "./sqlite-context.js";

/**
 * Which due deliveries a claim takes: the oldest due, unleased, pending deliveries of enabled
 * endpoints that are not excluded, at most `maxPerEndpoint` per endpoint, at most `limit` in all.
 *
 * Two ways to the same answer, so a claim stays fast whatever sits at the head of the queue:
 * 1. Usually the oldest `window` due deliveries (`deliveries_due`) hold enough: they are filtered and
 *    ranked per endpoint in one statement, a bounded read whatever the number of pending rows.
 * 2. When that window is full yet yields fewer than `limit` (its head belongs to endpoints the claim
 *    skips: disabled, at their bound, circuit open), each endpoint with pending deliveries is visited
 *    instead (`deliveries_pending_by_endpoint`, one seek per endpoint) for its oldest due ones: the cost
 *    follows the number of endpoints, never the size of a skipped backlog.
 * Both answer exactly the same rows: a window is a prefix of the due order, so whatever it yields
 * comes first in the full answer.
 */

/** Rows of the due order read by the bounded way, at least; more for large batches. */
export const CLAIM_WINDOW_MIN = 64;

const UNLEASED_DUE = `status = 'pending' AND next_attempt_at <= @now AND (lease_expires_at IS NULL OR lease_expires_at <= @now)`;

/** The bounded way: the first `window` due rows, filtered and ranked per endpoint. */
export const CLAIM_FROM_WINDOW_SQL = `
SELECT id FROM (
  SELECT w.id, w.next_attempt_at,
         ROW_NUMBER() OVER (PARTITION BY w.endpoint_id ORDER BY w.next_attempt_at, w.id) AS position
  FROM (
    SELECT id, endpoint_id, next_attempt_at FROM deliveries
    WHERE ${UNLEASED_DUE}
    ORDER BY next_attempt_at, id
    LIMIT @window
  ) w
  CROSS JOIN endpoints e ON e.id = w.endpoint_id
  WHERE e.enabled = 1 AND w.endpoint_id NOT IN (SELECT value FROM json_each(@excluded))
)
WHERE position <= @perEndpoint
ORDER BY next_attempt_at, id
LIMIT @limit`;

/** How many rows the window held (it is full when this equals `window`). */
export const COUNT_WINDOW_SQL = `
SELECT COUNT(*) FROM (SELECT 1 FROM deliveries WHERE ${UNLEASED_DUE} ORDER BY next_attempt_at, id LIMIT @window)`;

/**
 * Whether more than @endpoints enabled endpoints are left once the excluded ones are set aside (reads
 * @endpoints + 1 rows at most): when not, a claim already holding @perEndpoint ids of each cannot hold
 * more, wherever their deliveries sit in the due order.
 */
export const MORE_ENDPOINTS_THAN_SQL = `
SELECT COUNT(*) > @endpoints FROM (
  SELECT 1 FROM endpoints WHERE enabled = 1 AND id NOT IN (SELECT value FROM json_each(@excluded))
  LIMIT @endpoints + 1
)`;

/**
 * The way around a clogged head. The endpoints that can contribute are a prefix of the endpoints ordered
 * by their oldest due delivery (an endpoint's oldest is always taken before its later ones), so: list
 * the endpoints with pending deliveries (a skip scan, one seek each), find each one's oldest due
 * delivery, keep the first `limit` endpoints by it, and only read those endpoints' oldest due ones.
 */
export const CLAIM_PER_ENDPOINT_SQL = `
WITH RECURSIVE pending_endpoints (endpoint_id) AS (
  SELECT (SELECT endpoint_id FROM deliveries WHERE status = 'pending' ORDER BY endpoint_id LIMIT 1)
  UNION ALL
  SELECT (SELECT d.endpoint_id FROM deliveries d
          WHERE d.status = 'pending' AND d.endpoint_id > p.endpoint_id ORDER BY d.endpoint_id LIMIT 1)
  FROM pending_endpoints p
  WHERE p.endpoint_id IS NOT NULL
),
heads AS (
  SELECT p.endpoint_id,
         (SELECT x.id FROM deliveries x
          WHERE x.endpoint_id = p.endpoint_id AND x.status = 'pending' AND x.next_attempt_at <= @now
            AND (x.lease_expires_at IS NULL OR x.lease_expires_at <= @now)
          ORDER BY x.next_attempt_at, x.id LIMIT 1) AS head_id
  FROM pending_endpoints p CROSS JOIN endpoints e ON e.id = p.endpoint_id
  WHERE e.enabled = 1 AND p.endpoint_id NOT IN (SELECT value FROM json_each(@excluded))
),
first_endpoints AS MATERIALIZED (
  SELECT h.endpoint_id, head.next_attempt_at AS head_at
  FROM heads h CROSS JOIN deliveries head ON head.id = h.head_id
  ORDER BY head.next_attempt_at, head.id
  LIMIT @limit
),
horizon AS (
  -- With @limit endpoints, their oldest deliveries alone fill the claim: nothing due later is needed.
  SELECT CASE WHEN COUNT(*) >= @limit THEN MAX(head_at) ELSE @now END AS until FROM first_endpoints
)
SELECT d.id FROM first_endpoints f
CROSS JOIN horizon
CROSS JOIN deliveries d ON d.id IN (
  SELECT x.id FROM deliveries x
  WHERE x.endpoint_id = f.endpoint_id AND x.status = 'pending' AND x.next_attempt_at <= horizon.until
    AND (x.lease_expires_at IS NULL OR x.lease_expires_at <= @now)
  ORDER BY x.next_attempt_at, x.id
  LIMIT @perEndpoint
)
ORDER BY d.next_attempt_at, d.id
LIMIT @limit`;

/** The deliveries to lease for `input`, by number (call inside the claim's transaction). */
export function selectClaimableIds({ statement }: SqliteContext, input: ClaimInput): number[] {
  const limit = Math.max(0, Math.floor(input.limit));
  if (limit === 0) return [];
  const perEndpoint =
    input.maxPerEndpoint === undefined ? limit : Math.max(0, Math.floor(input.maxPerEndpoint));
  if (perEndpoint === 0) return [];
  const window = Math.max(CLAIM_WINDOW_MIN, limit * 2);
  const params = {
    now: input.now,
    window,
    limit,
    perEndpoint,
    excluded: JSON.stringify(input.excludeEndpointIds ?? []),
  };
  // A worker whose every endpoint is at its share still claims when a slot frees elsewhere: when no
  // enabled endpoint is left once the excluded are set aside, nothing can be claimed, and one read of at
  // most one endpoint row says so instead of the window's scan of the queue.
  if (
    input.excludeEndpointIds !== undefined &&
    input.excludeEndpointIds.length > 0 &&
    statement(MORE_ENDPOINTS_THAN_SQL).pluck().get({ endpoints: 0, excluded: params.excluded }) === 0
  ) {
    return [];
  }
  const ids = statement(CLAIM_FROM_WINDOW_SQL).pluck().all(params) as number[];
  if (ids.length >= limit) return ids;
  // Usually the head is only this worker's own leased deliveries, and each endpoint that may be claimed
  // already has its share in `ids`: then neither the count nor the way around can add anything.
  const endpoints = Math.floor(ids.length / perEndpoint);
  if (endpoints > 0) {
    const more = statement(MORE_ENDPOINTS_THAN_SQL).pluck().get({ endpoints, excluded: params.excluded });
    if (more === 0) return ids;
  }
  const scanned = statement(COUNT_WINDOW_SQL).pluck().get({ now: input.now, window }) as number;
  if (scanned < window) return ids; // the window held every due delivery: nothing else to find
  return statement(CLAIM_PER_ENDPOINT_SQL).pluck().all(params) as number[];
}
