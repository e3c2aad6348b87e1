import type { QueueStatsStore } from "../port.js";
import type { SqliteContext } from "./sqlite-context.js";

/**
 * One statement. `pending` counts the partial index `deliveries_due` alone (no row is read); only the
 * deliveries already due are read, to tell the leased ones from the claimable ones. better-sqlite3 runs
 * on the event loop, so the cost stays proportional to the due backlog, not to every pending delivery.
 */
export const QUEUE_STATS_SQL = `
SELECT
  (SELECT count(*) FROM deliveries WHERE status = 'pending') AS pending,
  count(*) AS due_by_time,
  coalesce(sum(lease_expires_at > @now), 0) AS leased,
  min(CASE WHEN lease_expires_at IS NULL OR lease_expires_at <= @now THEN next_attempt_at END) AS oldest_due_at
FROM deliveries
WHERE status = 'pending' AND next_attempt_at <= @now`;

interface QueueStatsRow {
  pending: number;
  due_by_time: number;
  leased: number;
  oldest_due_at: number | null;
}

export function sqliteQueueStatsMethods({ statement }: SqliteContext): QueueStatsStore {
  return {
    async queueStats(now) {
      const row = statement(QUEUE_STATS_SQL).get({ now }) as QueueStatsRow;
      return {
        pending: row.pending,
        due: row.due_by_time - row.leased,
        oldestDueAt: row.oldest_due_at,
        leased: row.leased,
      };
    },
  };
}
