import { smallestIdAt } from "../../domain/ids.js";
import type { EventRecord } from "../../domain/types.js";
import { SERIES_STATUS_SQL } from "../failing-deliveries.js";
import type { AttemptCounts, DeliveryBucketCount, DeliverySeriesQuery, EventQuery } from "../port.js";
import type { Queryable } from "./connection.js";
import { type EventRow, epochMs, toEvent } from "./rows.js";

/**
 * An endpoint's attempts since each time. An attempt always updates its delivery (`updated_at` = its
 * end), so `deliveries_by_endpoint_updated` finds the deliveries that may hold one without a scan.
 */
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
  for (const time of since) {
    const result = await db.query<AttemptCounts>(
      `SELECT count(*)::integer AS attempts,
              count(*) FILTER (WHERE a.status_code BETWEEN 200 AND 299)::integer AS succeeded
       FROM deliveries d JOIN attempts a ON a.delivery_id = d.id
       WHERE d.endpoint_id = $1 AND d.account_id = $2 AND NOT d.test AND d.updated_at >= $3 AND a.started_at >= $3`,
      [endpointId, accountId, epochMs(Math.floor(time))],
    );
    counts.push(result.rows[0] ?? { attempts: 0, succeeded: 0 });
  }
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
  let byEndpoint = "";
  if (query.endpointId !== undefined) {
    values.push(query.endpointId);
    byEndpoint = `AND endpoint_id = $${values.length}`;
  }
  const result = await db.query<{ bucket: number; status: DeliveryBucketCount["status"]; count: number }>(
    `SELECT ((created_at - $2) / $5)::integer AS bucket, ${SERIES_STATUS_SQL} AS status, count(*)::integer AS count
     FROM deliveries
     WHERE account_id = $1 ${byEndpoint} AND id >= $3 AND created_at >= $2 AND created_at < $4 AND NOT test
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

export async function listEvents(
  db: Queryable,
  accountId: string,
  query: EventQuery,
): Promise<EventRecord[]> {
  const values: unknown[] = [accountId];
  const conditions = ["account_id = $1"];
  if (query.beforeId !== undefined) {
    values.push(query.beforeId);
    conditions.push(`id < $${values.length}`);
  }
  if (query.type !== undefined) {
    values.push(query.type);
    conditions.push(`type = $${values.length}`);
  }
  values.push(Math.max(0, Math.floor(query.limit)));
  const result = await db.query<EventRow>(
    `SELECT id, account_id, type, occurred_at, body, created_at FROM events WHERE ${conditions.join(" AND ")}
     ORDER BY id DESC LIMIT $${values.length}`,
    values,
  );
  return result.rows.map(toEvent);
}
