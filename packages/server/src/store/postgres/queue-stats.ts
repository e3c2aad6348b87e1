import type { QueueStats, QueueStatsStore } from "../port.js";
import type { Queryable } from "./connection.js";
import type { PostgresContext } from "./postgres-context.js";
import { epochMs } from "./rows.js";

interface QueueStatsRow {
  pending: number;
  due: number;
  leased: number;
  oldest_due_at: number | null;
}

/**
 * One statement. `pending` is served by the partial index `deliveries_due`; only the deliveries already
 * due are read to tell the leased ones from the claimable ones.
 */
export async function queueStats(db: Queryable, now: number): Promise<QueueStats> {
  const result = await db.query<QueueStatsRow>(
    `SELECT
       (SELECT count(*) FROM deliveries WHERE status = 'pending') AS pending,
       count(*) FILTER (WHERE lease_expires_at IS NULL OR lease_expires_at <= $1) AS due,
       count(*) FILTER (WHERE lease_expires_at > $1) AS leased,
       min(next_attempt_at) FILTER (WHERE lease_expires_at IS NULL OR lease_expires_at <= $1) AS oldest_due_at
     FROM deliveries
     WHERE status = 'pending' AND next_attempt_at <= $1`,
    [epochMs(now)],
  );
  const row = result.rows[0];
  if (row === undefined) throw new Error("voicehire-webhooks: the queue statistics query answered no row");
  return { pending: row.pending, due: row.due, oldestDueAt: row.oldest_due_at, leased: row.leased };
}

export function postgresQueueStatsMethods({ pool }: PostgresContext): QueueStatsStore {
  return { queueStats: (now) => queueStats(pool, now) };
}
