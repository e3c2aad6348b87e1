import { smallestIdAt } from "../../domain/ids.js";
import type { DeliveryStatus } from "../../domain/types.js";
import { attemptMinuteOf } from "../endpoint-attempt-minutes.js";
import { SERIES_STATUS_SQL } from "../failing-deliveries.js";
import type {
  AttemptCounts,
  DeliveryBucketCount,
  DeliverySeriesQuery,
  DeliveryStatisticsStore,
} from "../port.js";
import { ATTEMPTED_DELIVERY_SQL } from "../pull-read-rules.js";
import type { Queryable } from "./connection.js";
import { countAttemptMinutes } from "./endpoint-attempt-minutes.js";
import type { PostgresContext } from "./postgres-context.js";
import { epochMs } from "./rows.js";

/** An endpoint's attempts since each time, from its per-minute counters (`../endpoint-attempt-minutes.ts`). */
export async function countEndpointAttempts(
  db: Queryable,
  accountId: string,
  endpointId: string,
  since: readonly number[],
): Promise<AttemptCounts[] | undefined> {
  const live = await db.query(
    "SELECT 1 FROM endpoints WHERE account_id = $1 AND id = $2 AND deleted_at IS NULL",
    [accountId, endpointId],
  );
  if ((live.rowCount ?? 0) === 0) return undefined;
  const counts: AttemptCounts[] = [];
  for (const time of since) counts.push(await countAttemptMinutes(db, endpointId, attemptMinuteOf(time)));
  return counts;
}

export async function countDeliveriesOverTime(
  db: Queryable,
  accountId: string,
  query: DeliverySeriesQuery,
): Promise<DeliveryBucketCount[]> {
  const from = epochMs(Math.floor(query.from));
  const bucketMs = Math.max(1, Math.floor(query.bucketMs));
  const values: unknown[] = [accountId, from, smallestIdAt("dlv", from), epochMs(query.until), bucketMs];
  // With no index by account, an account's series is read endpoint by endpoint (deliveries_by_endpoint),
  // each over the window's id range only.
  let byEndpoint = "AND endpoint_id IN (SELECT id FROM endpoints WHERE account_id = $1)";
  if (query.endpointId !== undefined) {
    values.push(query.endpointId);
    byEndpoint = `AND endpoint_id = $${values.length}`;
  }
  const result = await db.query<{ bucket: number; status: DeliveryBucketCount["status"]; count: number }>(
    `SELECT ((created_at - $2) / $5)::integer AS bucket, ${SERIES_STATUS_SQL} AS status, count(*)::integer AS count
     FROM deliveries
     WHERE account_id = $1 ${byEndpoint} AND id >= $3 AND created_at >= $2 AND created_at < $4 AND NOT test
       AND ${ATTEMPTED_DELIVERY_SQL}
     GROUP BY 1, 2
     ORDER BY 1, 2`,
    values,
  );
  return result.rows.map((row) => ({
    start: from + row.bucket * bucketMs,
    status: row.status,
    count: row.count,
  }));
}

export async function countDeliveriesByStatus(db: Queryable): Promise<Record<DeliveryStatus, number>> {
  const result = await db.query<{ status: DeliveryStatus; count: number }>(
    `SELECT status, count(*) AS count FROM deliveries WHERE ${ATTEMPTED_DELIVERY_SQL} GROUP BY status`,
  );
  const counts: Record<DeliveryStatus, number> = { pending: 0, succeeded: 0, failed: 0 };
  for (const row of result.rows) counts[row.status] = row.count;
  return counts;
}

export function postgresDeliveryStatisticsMethods({ pool }: PostgresContext): DeliveryStatisticsStore {
  return {
    countDeliveriesByStatus: () => countDeliveriesByStatus(pool),
    countEndpointAttempts: (accountId, endpointId, since) =>
      countEndpointAttempts(pool, accountId, endpointId, since),
    countDeliveriesOverTime: (accountId, query) => countDeliveriesOverTime(pool, accountId, query),
  };
}
