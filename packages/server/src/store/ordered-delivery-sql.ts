/**
 * SQL of ordered delivery that both engines read alike (the rule: `domain/order-head.ts`; what the store
 * promises: `releaseStrandedOrderedKeys` in `store/port/delivery-queue.ts`).
 */

/**
 * The ordering key a new delivery gets: its event's `candidate_id` or `campaign_id`, by the endpoint's
 * `ordering`; NULL when the endpoint is not ordered or the event lacks the field (then it flows as any).
 */
export function orderKeyOf(orderingColumn: string, candidateColumn: string, campaignColumn: string): string {
  return `CASE ${orderingColumn} WHEN 'candidate' THEN ${candidateColumn} WHEN 'campaign' THEN ${campaignColumn} END`;
}

/**
 * How an engine reads, as `alias`, a key's deliveries that are let through (pending, not held): through
 * `deliveries_order_heads`. PostgreSQL's planner finds that index from its statistics
 * (`headsByPlanner`); the embedded store names it (`sqlite/order-heads.ts`).
 */
export type HeadsSource = (alias: string) => string;
export const headsByPlanner: HeadsSource = (alias) => `deliveries ${alias}`;

/**
 * The delivery columns (of `deliveries`, unaliased) that name what a held delivery waits for: the
 * earliest pending delivery of its key published before it, else (it was resent behind a later one
 * already in flight) the key's delivery that is not held. Both engines read the same SQL; only held
 * rows run the lookups, through the pending-only indexes `deliveries_order_pending` and
 * `deliveries_order_heads`. `publicId`: the column spelling a delivery's public id (the embedded store
 * keys deliveries by number).
 */
export const waitingForColumns = (publicId: string, heads: HeadsSource) => `order_key,
  CASE WHEN deliveries.status = 'pending' AND deliveries.order_key IS NOT NULL AND deliveries.next_attempt_at IS NULL
  THEN COALESCE(
    (SELECT w.${publicId} FROM deliveries w
     WHERE w.endpoint_id = deliveries.endpoint_id AND w.order_key = deliveries.order_key AND w.status = 'pending'
       AND w.order_seq < deliveries.order_seq
     ORDER BY w.order_seq LIMIT 1),
    (SELECT w.${publicId} FROM ${heads("w")}
     WHERE w.endpoint_id = deliveries.endpoint_id AND w.order_key = deliveries.order_key AND w.status = 'pending'
       AND w.next_attempt_at IS NOT NULL AND w.id <> deliveries.id
     LIMIT 1))
  END AS waiting_for_id`;

/** Keys with pending deliveries none of which is let through (see `releaseStrandedOrderedKeys`). */
export const strandedKeysSql = (heads: HeadsSource) => `
SELECT DISTINCT p.endpoint_id, p.order_key FROM deliveries p
WHERE p.status = 'pending' AND p.order_key IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM ${heads("h")}
                  WHERE h.endpoint_id = p.endpoint_id AND h.order_key = p.order_key AND h.status = 'pending'
                    AND h.next_attempt_at IS NOT NULL)`;
