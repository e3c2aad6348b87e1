import type { DeliveryStatus } from "../../domain/types.js";
import { attemptMinuteOf } from "../endpoint-attempt-minutes.js";
import { SERIES_STATUS_SQL } from "../failing-deliveries.js";
import type { AttemptCounts, DeliveryStatisticsStore } from "../port.js";
import { ATTEMPTED_DELIVERY_SQL } from "../pull-read-rules.js";
import { ofAccount } from "./columns-of-parents.js";
import { COUNT_ATTEMPT_MINUTES_SQL } from "./endpoint-attempt-minutes.js";
import type { SqliteContext } from "./sqlite-context.js";

/**
 * Numbers are bound as REAL: the bucket is cast, or the division would not be whole. With no index by
 * account, an account's series is read endpoint by endpoint, each over the window's time range only
(`deliveries_by_endpoint (endpoint_id, created_at)`).
 */
function deliveriesOverTimeSql(byEndpoint: boolean): string {
  return `
SELECT CAST((created_at - @from) / @bucketMs AS INTEGER) AS bucket, ${SERIES_STATUS_SQL} AS status,
       COUNT(*) AS count
FROM deliveries INDEXED BY deliveries_by_endpoint
WHERE ${byEndpoint ? "endpoint_id = @endpointId AND " : ""}${ofAccount("deliveries", "@accountId")}
  AND created_at >= @from AND created_at < @until AND test = 0 AND ${ATTEMPTED_DELIVERY_SQL}
GROUP BY 1, 2
ORDER BY 1, 2`;
}

export function sqliteDeliveryStatisticsMethods({ statement }: SqliteContext): DeliveryStatisticsStore {
  return {
    async countDeliveriesByStatus() {
      const counts: Record<DeliveryStatus, number> = { pending: 0, succeeded: 0, failed: 0 };
      const rows = statement(
        `SELECT status, COUNT(*) AS count FROM deliveries WHERE ${ATTEMPTED_DELIVERY_SQL} GROUP BY status`,
      ).all() as {
        status: DeliveryStatus;
        count: number;
      }[];
      for (const row of rows) counts[row.status] = row.count;
      return counts;
    },
    async countEndpointAttempts(accountId, endpointId, since) {
      const live = statement(
        "SELECT 1 FROM endpoints WHERE id = ? AND account_id = ? AND deleted_at IS NULL",
      ).get(endpointId, accountId);
      if (live === undefined) return undefined;
      return since.map(
        (time) =>
          statement(COUNT_ATTEMPT_MINUTES_SQL).get({
            endpointId,
            minute: attemptMinuteOf(time),
          }) as AttemptCounts,
      );
    },

    async countDeliveriesOverTime(accountId, query) {
      const from = Math.floor(query.from);
      const rows = statement(deliveriesOverTimeSql(query.endpointId !== undefined)).all({
        accountId,
        from,
        until: Math.floor(query.until),
        bucketMs: Math.max(1, Math.floor(query.bucketMs)),
        ...(query.endpointId === undefined ? {} : { endpointId: query.endpointId }),
      }) as { bucket: number; status: DeliveryStatus; count: number }[];
      return rows.map((row) => ({
        start: from + row.bucket * Math.max(1, Math.floor(query.bucketMs)),
        status: row.status,
        count: row.count,
      }));
    },
  };
}
