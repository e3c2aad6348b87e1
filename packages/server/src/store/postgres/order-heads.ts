import type pg from "pg";
import {
  type OrderedKey,
  orderedKeyId,
  orderHeadMoves,
  type UnheldDelivery,
} from "../../domain/order-head.js";
import type { EpochMs } from "../../domain/types.js";
import { inTransaction, type Queryable } from "./connection.js";
import { epochMs } from "./rows.js";

/** The advisory lock class of ordering keys; the object id is a hash of the endpoint and the key. */
const ORDER_KEY_LOCK_CLASS = 0x76685f6f; // "vh_o"

/**
 * The keys' unheld pending deliveries, locked (`deliveries_order_heads`), and each key's earliest pending
 * one (`deliveries_order_pending`). FOR UPDATE waits for a claim leasing one of them right now and then
 * reads the row as that claim left it, so a head being leased is seen as leased.
 */
const READ_HEADS_SQL = `
WITH keys AS (SELECT * FROM unnest($1::text[], $2::text[]) AS k(endpoint_id, order_key)),
unheld AS MATERIALIZED (
  SELECT d.id, d.endpoint_id, d.order_key, d.lease_owner IS NOT NULL AS leased FROM deliveries d
  WHERE (d.endpoint_id, d.order_key) IN (SELECT endpoint_id, order_key FROM keys)
    AND d.status = 'pending' AND d.order_key IS NOT NULL AND d.next_attempt_at IS NOT NULL
  FOR UPDATE
)
SELECT 'unheld' AS kind, endpoint_id, order_key, id, leased FROM unheld
UNION ALL
SELECT 'earliest', k.endpoint_id, k.order_key, e.id, false FROM keys k
CROSS JOIN LATERAL (
  SELECT x.id FROM deliveries x
  WHERE x.endpoint_id = k.endpoint_id AND x.order_key = k.order_key AND x.status = 'pending'
  ORDER BY x.order_seq LIMIT 1
) e`;

const MOVE_HEADS_SQL = `
WITH held AS (UPDATE deliveries SET next_attempt_at = NULL WHERE id = ANY ($1::text[]))
UPDATE deliveries SET next_attempt_at = $3
WHERE id = ANY ($2::text[]) AND status = 'pending' AND next_attempt_at IS NULL`;

/**
 * Applies ordered delivery's rule (`domain/order-head.ts`) to each key. Call inside a transaction.
 *
 * Why it holds across processes: every write that can let a delivery through (a publish's, an attempt
 * result's, a resend's or a recovery's settling) first takes its keys' transaction-scoped advisory locks,
 * in a sorted order (no deadlock), in a statement of its own: the reads that follow start after the
 * previous holder committed, so they see its decision. Claims take no such lock, but they only lease
 * deliveries already let through and never let another through; the FOR UPDATE read above orders this
 * write after any claim in progress on the key's head. So at any commit a key has at most one unheld
 * pending delivery, and claims (which re-check each row they lock) take only that one.
 */
export async function settleOrderedKeys(tx: Queryable, keys: readonly OrderedKey[], now: EpochMs) {
  const unique = new Map(keys.map((key) => [orderedKeyId(key), key]));
  if (unique.size === 0) return;
  const sorted = [...unique.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const endpointIds = sorted.map(([, key]) => key.endpointId);
  const orderKeys = sorted.map(([, key]) => key.orderKey);
  await tx.query(
    "SELECT pg_advisory_xact_lock($1, hashtext(e || '/' || k)) FROM unnest($2::text[], $3::text[]) AS t(e, k)",
    [ORDER_KEY_LOCK_CLASS, endpointIds, orderKeys],
  );
  const read = await tx.query<{
    kind: string;
    endpoint_id: string;
    order_key: string;
    id: string;
    leased: boolean;
  }>(READ_HEADS_SQL, [endpointIds, orderKeys]);
  const unheld = new Map<string, UnheldDelivery[]>();
  const earliest = new Map<string, string>();
  for (const row of read.rows) {
    const id = orderedKeyId({ endpointId: row.endpoint_id, orderKey: row.order_key });
    if (row.kind === "earliest") earliest.set(id, row.id);
    else unheld.set(id, [...(unheld.get(id) ?? []), { id: row.id, leased: row.leased }]);
  }
  const hold: string[] = [];
  const release: string[] = [];
  for (const [id] of sorted) {
    const moves = orderHeadMoves(unheld.get(id) ?? [], earliest.get(id));
    hold.push(...moves.hold);
    if (moves.release !== undefined) release.push(moves.release);
  }
  if (hold.length === 0 && release.length === 0) return;
  await tx.query(MOVE_HEADS_SQL, [hold, release, epochMs(now)]);
}

/** `settleOrderedKeys` in a transaction of its own (after a write that committed by itself). */
export async function settleOrderedKeysApart(pool: pg.Pool, keys: readonly OrderedKey[], now: EpochMs) {
  if (keys.length === 0) return;
  await inTransaction(pool, (tx) => settleOrderedKeys(tx, keys, now));
}

/** The ordering keys of rows answering `endpoint_id, order_key` (the unordered ones have none). */
export function orderedKeysOfRows(
  rows: readonly { readonly endpoint_id: string; readonly order_key: string | null }[],
): OrderedKey[] {
  return rows.flatMap((row) =>
    row.order_key === null ? [] : [{ endpointId: row.endpoint_id, orderKey: row.order_key }],
  );
}
