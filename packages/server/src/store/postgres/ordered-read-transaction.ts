import type pg from "pg";
import { inTransaction } from "./connection.js";

/**
 * The planner settings of the transactions whose reads take the first rows of an index's order and stop
 * (the claim's oldest due deliveries, retention's oldest expired ones): no bitmap scans. A bitmap scan
 * cannot give rows in index order, so such a read then fetches every matching row and sorts them to keep
 * a few. PostgreSQL picks it whenever its statistics say few rows match, which they do when they were
 * gathered before a burst (a new store still empty, a queue that was short): autovacuum gathers them
 * again only a minute or more later. Each claim then read the whole backlog (50 ms at 100,000 due, the
 * claim rate falling as the backlog grew, exactly when it had to catch up), and each retention batch every
 * expired row. Without bitmap scans these reads are index scans that stop at their LIMIT whatever the
 * statistics say; the other reads of these transactions are key lookups, which do not need bitmaps.
 */
export const ORDERED_READ_SETTINGS = "SET LOCAL enable_bitmapscan = off";

/** Runs `work` in one transaction under `ORDERED_READ_SETTINGS` (sent with its BEGIN). */
export function inOrderedReadTransaction<T>(
  pool: pg.Pool,
  work: (tx: pg.PoolClient) => Promise<T>,
): Promise<T> {
  return inTransaction(pool, work, ORDERED_READ_SETTINGS);
}
