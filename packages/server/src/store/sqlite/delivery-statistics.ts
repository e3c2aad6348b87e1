import { smallestIdAt } from "../../domain/ids.js";
import type { DeliveryStatus } from "../../domain/types.js";
import { SERIES_STATUS_SQL } from "../failing-deliveries.js";
import type { AttemptCounts, DeliveryStatisticsStore } from "../port.js";
import { ATTEMPTED_DELIVERY_SQL } from "../pull-read-rules.js";
import type { SqliteContext } from "./sqlite-context.js";

/**
 * An attempt always updates its delivery (`updated_at` = its end), so the deliveries updated since a time
 * hold every attempt started since then: `deliveries_by_endpoint_updated` finds them without a scan.
 */
const ENDPOINT_ATTEMPTS_SQL = `
SELECT COUNT(*) AS attempts, COALESCE(SUM(a.status_code BETWEEN 200 AND 299), 0) AS succeeded
FROM deliveries d JOIN attempts a ON a.delivery_id = d.id
WHERE d.endpoint_id = @endpointId AND d.account_id = @accountId AND d.test = 0
  AND d.updated_at >= @since AND a.started_at >= @since`;

/** Numbers are bound as REAL: the bucket is cast, or the division would not be whole. */
function deliveriesOverTimeSql(byEndpoint: boolean): string {
  return `
SELECT CAST((created_at - @from) / @bucketMs AS INTEGER) AS bucket, ${SERIES_STATUS_SQL} AS status,
       COUNT(*) AS count
FROM deliveries
WHERE account_id = @accountId ${byEndpoint ? "AND endpoint_id = @endpointId" : ""}
  AND id >= @fromId AND created_at >= @from AND created_at < @until AND test = 0 AND ${ATTEMPTED_DELIVERY_SQL}
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
          statement(ENDPOINT_ATTEMPTS_SQL).get({
            endpointId,
            accountId,
            since: Math.floor(time),
          }) as AttemptCounts,
      );
    },

    async countDeliveriesOverTime(accountId, query) {
      const from = Math.floor(query.from);
      const rows = statement(deliveriesOverTimeSql(query.endpointId !== undefined)).all({
        accountId,
        from,
        fromId: smallestIdAt("dlv", from),
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
