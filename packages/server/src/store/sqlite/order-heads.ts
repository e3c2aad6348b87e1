import { type OrderedKey, orderHeadMoves, type UnheldDelivery } from "../../domain/order-head.js";
import type { EpochMs } from "../../domain/types.js";
import type { HeadsSource } from "../ordered-delivery-sql.js";
import type { SqliteContext } from "./sqlite-context.js";

/**
 * A key's deliveries let through, read by naming `deliveries_order_heads`: SQLite's planner, which has no
 * statistics, would take `deliveries_pending_by_endpoint` instead (its `next_attempt_at` range looks as
 * selective) and so read every due delivery of the endpoint, and its row, for each key settled.
 */
export const headsByIndexName: HeadsSource = (alias) =>
  `deliveries ${alias} INDEXED BY deliveries_order_heads`;

/** The key's pending deliveries that are not held (`deliveries_order_heads`): its head, normally. */
export const UNHELD_SQL = `
SELECT id, lease_owner IS NOT NULL AS leased FROM ${headsByIndexName("d")}
WHERE endpoint_id = ? AND order_key = ? AND status = 'pending' AND next_attempt_at IS NOT NULL`;
/** The key's earliest pending delivery in publish order (`deliveries_order_pending`). */
export const EARLIEST_SQL = `
SELECT id FROM deliveries WHERE endpoint_id = ? AND order_key = ? AND status = 'pending'
ORDER BY order_seq LIMIT 1`;
const HOLD_SQL = "UPDATE deliveries SET next_attempt_at = NULL WHERE id = ?";
const RELEASE_SQL = "UPDATE deliveries SET next_attempt_at = ? WHERE id = ? AND next_attempt_at IS NULL";

/**
 * Applies ordered delivery's rule (`domain/order-head.ts`) to each key, inside the caller's transaction
 * (the embedded store has one writer, so what it reads is what it changes). Two index seeks per key.
 */
export function settleOrderedKeys(
  { statement }: Pick<SqliteContext, "statement">,
  keys: Iterable<OrderedKey>,
  now: EpochMs,
): void {
  for (const { endpointId, orderKey } of keys) {
    const unheld = (statement(UNHELD_SQL).all(endpointId, orderKey) as { id: number; leased: number }[]).map(
      (row): UnheldDelivery<number> => ({ id: row.id, leased: row.leased === 1 }),
    );
    const earliest = statement(EARLIEST_SQL).pluck().get(endpointId, orderKey) as number | undefined;
    const moves = orderHeadMoves(unheld, earliest);
    for (const id of moves.hold) statement(HOLD_SQL).run(id);
    if (moves.release !== undefined) statement(RELEASE_SQL).run(Math.round(now), moves.release);
  }
}

/** The ordering keys of these deliveries, by number (the unordered ones have none). */
export function orderedKeysOf(
  { statement }: Pick<SqliteContext, "statement">,
  deliveryNumbers: readonly number[],
): OrderedKey[] {
  if (deliveryNumbers.length === 0) return [];
  const rows = statement(
    "SELECT DISTINCT endpoint_id, order_key FROM deliveries " +
      "WHERE id IN (SELECT value FROM json_each(?)) AND order_key IS NOT NULL",
  ).all(JSON.stringify(deliveryNumbers)) as { endpoint_id: string; order_key: string }[];
  return rows.map((row) => ({ endpointId: row.endpoint_id, orderKey: row.order_key }));
}
