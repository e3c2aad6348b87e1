import type pg from "pg";
import { inTransaction } from "./connection.js";

/**
 * The planner settings a claim runs under: no bitmap scans. The claim's bounded read wants the oldest
 * due deliveries in `deliveries_due` order and stops after its window; a bitmap scan cannot give rows in
 * index order, so it reads every due row and sorts them. PostgreSQL picks that plan whenever its
 * statistics say the queue is small, which they do right after a burst fills it (they are gathered by
 * autovacuum, a minute or more later): each claim then read the whole backlog, 50 ms for 100,000 due
 * deliveries, a claim rate falling as the backlog grew, exactly when it had to catch up. Without bitmap
 * scans the read is an index scan that stops after the window whatever the statistics say; the claim's
 * other reads are primary-key and per-endpoint index lookups, which do not need them either.
 */
export const CLAIM_PLAN_SETTINGS = "SET LOCAL enable_bitmapscan = off";

/** Runs a claim's statements in one transaction under `CLAIM_PLAN_SETTINGS`. */
export function inClaimTransaction<T>(pool: pg.Pool, work: (tx: pg.PoolClient) => Promise<T>): Promise<T> {
  return inTransaction(pool, async (tx) => {
    await tx.query(CLAIM_PLAN_SETTINGS);
    return work(tx);
  });
}
