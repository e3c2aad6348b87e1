import type { ClaimInput } from "../port.js";
import { epochMs } from "./rows.js";

/**
 * Which due deliveries a claim should take: the oldest due, unleased, pending deliveries of
 * enabled endpoints that are not excluded, at most `maxPerEndpoint` per endpoint, at most `limit` in all.
 * Mirrors `../sqlite/claim-selection.ts` (read it for the why). These are the first common table
 * expressions of the claim statement (`deliveries.ts`): they choose without locking, and the claim then
 * locks what they chose with SKIP LOCKED, re-checking each row, and leases what it got, in one statement.
 * Each defines `choice (ids, scanned)`: the ids to try, best first, and how many due rows were read.
 *
 * 1. Usually the oldest `window` due deliveries (`deliveries_due`) hold enough: a bounded read.
 * 2. When that window is full yet yields fewer than `limit` (its head belongs to endpoints the claim
 *    skips), the endpoints with pending deliveries are visited instead (a skip scan of
 *    `deliveries_pending_by_endpoint`, one seek each): the cost follows the number of endpoints, never
 *    the size of a skipped backlog.
 */

export const CLAIM_WINDOW_MIN = 64;

/** The bounded way. Parameters from `$first`: now, window, excluded endpoint ids, per endpoint, wanted. */
export function windowChoiceCtes(first: number): string {
  const [now, window, excluded, perEndpoint, wanted] = [0, 1, 2, 3, 4].map((i) => `$${first + i}`);
  return `window_rows AS MATERIALIZED (
       SELECT id, endpoint_id, next_attempt_at FROM deliveries
       WHERE status = 'pending' AND next_attempt_at <= ${now}
         AND (lease_expires_at IS NULL OR lease_expires_at <= ${now})
       ORDER BY next_attempt_at, id
       LIMIT ${window}
     ), ranked AS (
       SELECT w.id, w.next_attempt_at,
              row_number() OVER (PARTITION BY w.endpoint_id ORDER BY w.next_attempt_at, w.id) AS position
       FROM window_rows w JOIN endpoints e ON e.id = w.endpoint_id
       WHERE e.enabled AND NOT (w.endpoint_id = ANY (${excluded}::text[]))
     ), choice AS (
       SELECT ARRAY(SELECT id FROM ranked WHERE position <= ${perEndpoint}
                    ORDER BY next_attempt_at, id LIMIT ${wanted}) AS ids,
              (SELECT count(*)::int FROM window_rows) AS scanned
     )`;
}

/**
 * The way around a clogged head: the endpoints with pending deliveries (a skip scan), the first ones by
 * their oldest due delivery, and those endpoints' oldest due ones. Parameters from `$first`: now,
 * excluded endpoint ids, per endpoint, wanted.
 */
export function perEndpointChoiceCtes(first: number): string {
  const [now, excluded, perEndpoint, wanted] = [0, 1, 2, 3].map((i) => `$${first + i}`);
  return `pending_endpoints (endpoint_id) AS (
       (SELECT endpoint_id FROM deliveries WHERE status = 'pending'
        ORDER BY endpoint_id, next_attempt_at, id LIMIT 1)
       UNION ALL
       SELECT (SELECT d.endpoint_id FROM deliveries d
               WHERE d.status = 'pending' AND d.endpoint_id > p.endpoint_id
               ORDER BY d.endpoint_id, d.next_attempt_at, d.id LIMIT 1)
       FROM pending_endpoints p
       WHERE p.endpoint_id IS NOT NULL
     ), first_endpoints AS MATERIALIZED (
       SELECT p.endpoint_id, head.next_attempt_at AS head_at
       FROM pending_endpoints p
       JOIN endpoints e ON e.id = p.endpoint_id
       CROSS JOIN LATERAL (
         SELECT x.id, x.next_attempt_at FROM deliveries x
         WHERE x.endpoint_id = p.endpoint_id AND x.status = 'pending' AND x.next_attempt_at <= ${now}
           AND (x.lease_expires_at IS NULL OR x.lease_expires_at <= ${now})
         ORDER BY x.next_attempt_at, x.id
         LIMIT 1
       ) head
       WHERE e.enabled AND NOT (p.endpoint_id = ANY (${excluded}::text[]))
       ORDER BY head.next_attempt_at, head.id
       LIMIT ${wanted}
     ), horizon AS (
       -- With as many endpoints as ids wanted, their oldest deliveries alone are enough.
       SELECT CASE WHEN count(*) >= ${wanted} THEN max(head_at) ELSE ${now} END AS until FROM first_endpoints
     ), choice AS (
       SELECT ARRAY(
                SELECT c.id FROM first_endpoints f
                CROSS JOIN horizon
                CROSS JOIN LATERAL (
                  SELECT x.id, x.next_attempt_at FROM deliveries x
                  WHERE x.endpoint_id = f.endpoint_id AND x.status = 'pending' AND x.next_attempt_at <= horizon.until
                    AND (x.lease_expires_at IS NULL OR x.lease_expires_at <= ${now})
                  ORDER BY x.next_attempt_at, x.id
                  LIMIT ${perEndpoint}
                ) c
                ORDER BY c.next_attempt_at, c.id
                LIMIT ${wanted}
              ) AS ids,
              NULL::int AS scanned
     )`;
}

export interface ClaimChoice {
  /** Common table expressions defining `choice (ids, scanned)`, parameters from `$first`. */
  readonly ctes: (first: number) => string;
  readonly params: readonly unknown[];
  /** The window size of the bounded way (its `scanned` equals it when the window was full). */
  readonly window: number | null;
}

/** The per-endpoint cap of a claim (no cap: its limit). */
export function claimCap(input: ClaimInput): number {
  const limit = Math.max(0, Math.floor(input.limit));
  return input.maxPerEndpoint === undefined
    ? limit
    : Math.max(0, Math.min(limit, Math.floor(input.maxPerEndpoint)));
}

/**
 * The two ways for a claim wanting `input.limit` deliveries, each choosing up to `limit` ids, `cap` per
 * endpoint at most: the claim leases those of them it can lock. Undefined when the claim can take nothing.
 */
export function claimChoices(
  input: ClaimInput,
): { readonly fromWindow: ClaimChoice; readonly perEndpoint: ClaimChoice } | undefined {
  const wanted = Math.max(0, Math.floor(input.limit));
  const perEndpoint = claimCap(input);
  if (wanted === 0 || perEndpoint === 0) return undefined;
  const window = Math.max(CLAIM_WINDOW_MIN, wanted * 2);
  const now = epochMs(input.now);
  const excluded = input.excludeEndpointIds ?? [];
  return {
    fromWindow: { ctes: windowChoiceCtes, params: [now, window, excluded, perEndpoint, wanted], window },
    perEndpoint: { ctes: perEndpointChoiceCtes, params: [now, excluded, perEndpoint, wanted], window: null },
  };
}
