import { FAN_OUT_COLUMNS, fanOutValues } from "../fan-out-values.js";
import { orderKeyOf } from "../ordered-delivery-sql.js";

/**
 * An ordered delivery's publish order: the statement's number from `delivery_order_seq` (taken once, so a
 * later statement's deliveries all come after this one's), then its position in the statement.
 */
const ORDER_KEY = orderKeyOf("l.ordering", "k.candidate_id", "k.campaign_id");
const ORDER_SEQ = `CASE WHEN ${ORDER_KEY} IS NOT NULL THEN (SELECT v FROM order_base) * 1000000 + d.position END`;

/**
 * The one statement that writes a group of publishes (publish-many.ts), atomic by itself. Parameters,
 * all arrays of the same index within their group:
 * - $1..$4: the idempotency keys to claim (account, key, primary event id, time), sorted, so that two
 *   statements claiming overlapping keys wait for each other in the same order (no deadlock);
 * - $5..$14: the events (id, account, type, occurred at, body, created at, campaign, candidate, the
 *   primary event id of their publish, whether that publish must own its key to be stored);
 * - $15..$20: their deliveries (id, account, event, endpoint, type, time), from the subscribers read
 *   just before or held in memory (1 s at most); those whose endpoint was disabled or deleted since are left out, and the endpoints
 *   kept are share-locked so that a concurrent deletion waits for this statement;
 * - $21..$24: the publishes' campaigns, in order (account, campaign, primary event id, must own its
 *   key): each account remembers the last one that was stored.
 * Answers one row per claimed key (`claimed`, the primary event id), per event with deliveries
 * (`delivered`, its count), per key that already existed before it began (`existing`), and per ordering
 * key it gave deliveries to (`ordered`: the endpoint in `account_id`, the ordering key in `key`), whose
 * heads are settled next (their deliveries are written held).
 */
export const PUBLISH_STATEMENT = `
WITH claims AS (
  INSERT INTO idempotency_keys (account_id, key, primary_event_id, created_at)
  SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[])
  ON CONFLICT (account_id, key) DO NOTHING
  RETURNING primary_event_id
), kept AS (
  SELECT e.* FROM unnest($5::text[], $6::text[], $7::text[], $8::bigint[], $9::bytea[], $10::bigint[],
                         $11::text[], $12::text[], $13::text[], $14::boolean[])
    AS e(id, account_id, type, occurred_at, body, created_at, campaign_id, candidate_id, primary_id, claims)
  WHERE NOT e.claims OR e.primary_id IN (SELECT primary_event_id FROM claims)
), stored_events AS (
  INSERT INTO events (id, account_id, type, occurred_at, body, created_at, campaign_id, candidate_id)
  SELECT id, account_id, type, occurred_at, body, created_at, campaign_id, candidate_id FROM kept
), live_endpoints AS (
  SELECT id, kind, ordering FROM endpoints WHERE id = ANY($18::text[]) AND enabled AND deleted_at IS NULL FOR SHARE
), order_base AS MATERIALIZED (
  SELECT CASE WHEN EXISTS (SELECT 1 FROM live_endpoints WHERE ordering IS NOT NULL)
         THEN nextval('delivery_order_seq') END AS v
), new_deliveries AS (
  INSERT INTO deliveries (id, account_id, event_id, endpoint_id, event_type, ${FAN_OUT_COLUMNS})
  SELECT d.id, d.account_id, d.event_id, d.endpoint_id, d.event_type,
         ${fanOutValues("l.kind", "d.at", ORDER_KEY, ORDER_SEQ)}
  FROM unnest($15::text[], $16::text[], $17::text[], $18::text[], $19::text[], $20::bigint[]) WITH ORDINALITY
    AS d(id, account_id, event_id, endpoint_id, event_type, at, position)
    JOIN live_endpoints l ON l.id = d.endpoint_id
    JOIN kept k ON k.id = d.event_id
  RETURNING event_id, endpoint_id, order_key
), last_campaigns AS (
  SELECT DISTINCT ON (c.account_id) c.account_id, c.campaign_id
  FROM unnest($21::text[], $22::text[], $23::text[], $24::boolean[]) WITH ORDINALITY
    AS c(account_id, campaign_id, primary_id, claims, position)
  WHERE NOT c.claims OR c.primary_id IN (SELECT primary_event_id FROM claims)
  ORDER BY c.account_id, c.position DESC
), campaign AS (
  UPDATE accounts a SET last_campaign_id = l.campaign_id FROM last_campaigns l WHERE a.id = l.account_id
)
SELECT 'claimed' AS kind, NULL::text AS account_id, NULL::text AS key, primary_event_id AS id, NULL::bigint AS n
FROM claims
UNION ALL
SELECT 'delivered', NULL, NULL, event_id, count(*) FROM new_deliveries GROUP BY event_id
UNION ALL
SELECT DISTINCT 'ordered', endpoint_id, order_key, '', NULL::bigint FROM new_deliveries WHERE order_key IS NOT NULL
UNION ALL
SELECT 'existing', k.account_id, k.key, k.primary_event_id, NULL
FROM idempotency_keys k JOIN unnest($1::text[], $2::text[]) AS q(account_id, key)
  ON k.account_id = q.account_id AND k.key = q.key`;
