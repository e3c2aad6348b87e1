import { smallestIdAt } from "../../domain/ids.js";
import type { DeliveryRecord } from "../../domain/types.js";
import { FAILED_OR_FAILING_SQL } from "../failing-deliveries.js";
import type { DeliveryLogStore, DeliveryQuery, EventQuery } from "../port.js";
import type { Queryable } from "./connection.js";
import type { PostgresContext } from "./postgres-context.js";
import { queryAccountRow, queryRows } from "./query-rows.js";
import { ATTEMPT_COLUMNS, DELIVERY_VIEW_COLUMNS, epochMs, toAttempt, toDelivery, toEvent } from "./rows.js";
import { WhereConditions } from "./where-conditions.js";

const EVENT_COLUMNS = "id, account_id, type, occurred_at, body, created_at";

/** Newest first (greatest id first), filters combined with AND, `beforeId` as an exclusive cursor. */
export async function listDeliveries(
  db: Queryable,
  accountId: string,
  query: DeliveryQuery,
): Promise<DeliveryRecord[]> {
  const where = new WhereConditions().add(accountId, (p) => `account_id = ${p}`);
  const filters: [column: string, operator: string, value: string | undefined][] = [
    ["id", "<", query.beforeId],
    ["endpoint_id", "=", query.endpointId],
    ["event_id", "=", query.eventId],
    ["event_type", "=", query.eventType],
    ["status", "=", query.status],
  ];
  for (const [column, operator, value] of filters) where.add(value, (p) => `${column} ${operator} ${p}`);
  // Management API filters.
  for (const [column, value] of [
    ["campaign_id", query.campaignId],
    ["candidate_id", query.candidateId],
  ] as const) {
    where.add(value, (p) => `event_id IN (SELECT id FROM events WHERE account_id = $1 AND ${column} = ${p})`);
  }
  if (query.createdSince !== undefined) {
    // Ids sort by creation time: the id bound lets the index skip what is older.
    where.add(epochMs(query.createdSince), (p) => `created_at >= ${p}`);
    where.add(smallestIdAt("dlv", query.createdSince), (p) => `id >= ${p}`);
  }
  if (query.createdUntil !== undefined) where.add(epochMs(query.createdUntil), (p) => `created_at < ${p}`);
  where.add(query.failing, (p) => `${FAILED_OR_FAILING_SQL} = ${p}`);
  where.add(query.test, (p) => `test = ${p}`);
  const limit = where.placeholder(Math.max(0, Math.floor(query.limit)));
  const page = (endpointCondition: string) =>
    `SELECT ${DELIVERY_VIEW_COLUMNS} FROM deliveries WHERE ${endpointCondition}${where.sql} ORDER BY id DESC LIMIT ${limit}`;
  if (query.endpointId !== undefined || query.eventId !== undefined) {
    return queryRows(db, page(""), where.values, toDelivery);
  }
  // No index by account (migration 013): each of the account's endpoints (deleted ones too: their
  // deliveries stay listed) gives its newest page on `deliveries_by_endpoint`, and the pages merge.
  // At most a page per endpoint is read, however long the history.
  return queryRows(
    db,
    `SELECT p.* FROM endpoints e CROSS JOIN LATERAL (${page("endpoint_id = e.id AND ")}) p
     WHERE e.account_id = $1 ORDER BY p.id DESC LIMIT ${limit}`,
    where.values,
    toDelivery,
  );
}

export async function listEvents(db: Queryable, accountId: string, query: EventQuery) {
  const where = new WhereConditions()
    .add(accountId, (p) => `account_id = ${p}`)
    .add(query.beforeId, (p) => `id < ${p}`)
    .add(query.type, (p) => `type = ${p}`);
  const limit = where.placeholder(Math.max(0, Math.floor(query.limit)));
  const sql = `SELECT ${EVENT_COLUMNS} FROM events WHERE ${where.sql} ORDER BY id DESC LIMIT ${limit}`;
  return queryRows(db, sql, where.values, toEvent);
}

export function postgresDeliveryLogMethods({ pool }: PostgresContext): DeliveryLogStore {
  return {
    getEvent: (accountId, id) => queryAccountRow(pool, "events", EVENT_COLUMNS, { accountId, id }, toEvent),
    listEvents: (accountId, query) => listEvents(pool, accountId, query),
    getDelivery: (accountId, id) =>
      queryAccountRow(pool, "deliveries", DELIVERY_VIEW_COLUMNS, { accountId, id }, toDelivery),
    listDeliveries: (accountId, query) => listDeliveries(pool, accountId, query),
    // Oldest first; empty when the delivery is not this account's.
    listAttempts: (accountId, deliveryId) =>
      queryRows(
        pool,
        `SELECT ${ATTEMPT_COLUMNS} FROM attempts a JOIN deliveries d ON d.id = a.delivery_id
         WHERE d.account_id = $1 AND a.delivery_id = $2
         ORDER BY a.attempt_number, a.started_at, a.id`,
        [accountId, deliveryId],
        toAttempt,
      ),
  };
}
