import { smallestIdAt } from "../../domain/ids.js";
import type { AttemptRecord, DeliveryRecord, EventRecord } from "../../domain/types.js";
import { FAILED_OR_FAILING_SQL } from "../failing-deliveries.js";
import type { DeliveryLogStore, DeliveryQuery, EventQuery } from "../port.js";
import type { Queryable } from "./connection.js";
import type { PostgresContext } from "./postgres-context.js";
import {
  ATTEMPT_COLUMNS,
  type AttemptRow,
  DELIVERY_COLUMNS,
  type DeliveryRow,
  type EventRow,
  epochMs,
  toAttempt,
  toDelivery,
  toEvent,
} from "./rows.js";

export async function getEvent(
  db: Queryable,
  accountId: string,
  eventId: string,
): Promise<EventRecord | undefined> {
  const result = await db.query<EventRow>(
    "SELECT id, account_id, type, occurred_at, body, created_at FROM events WHERE account_id = $1 AND id = $2",
    [accountId, eventId],
  );
  const row = result.rows[0];
  return row && toEvent(row);
}

export async function getDelivery(
  db: Queryable,
  accountId: string,
  deliveryId: string,
): Promise<DeliveryRecord | undefined> {
  const result = await db.query<DeliveryRow>(
    `SELECT ${DELIVERY_COLUMNS} FROM deliveries WHERE account_id = $1 AND id = $2`,
    [accountId, deliveryId],
  );
  const row = result.rows[0];
  return row && toDelivery(row);
}

/** Newest first (greatest id first), filters combined with AND, `beforeId` as an exclusive cursor. */
export async function listDeliveries(
  db: Queryable,
  accountId: string,
  query: DeliveryQuery,
): Promise<DeliveryRecord[]> {
  const values: unknown[] = [accountId];
  const conditions = ["account_id = $1"];
  const filters: [column: string, operator: string, value: string | undefined][] = [
    ["id", "<", query.beforeId],
    ["endpoint_id", "=", query.endpointId],
    ["event_id", "=", query.eventId],
    ["event_type", "=", query.eventType],
    ["status", "=", query.status],
  ];
  for (const [column, operator, value] of filters) {
    if (value === undefined) continue;
    values.push(value);
    conditions.push(`${column} ${operator} $${values.length}`);
  }
  // Management API filters.
  const eventColumns: [column: string, value: string | undefined][] = [
    ["campaign_id", query.campaignId],
    ["candidate_id", query.candidateId],
  ];
  for (const [column, value] of eventColumns) {
    if (value === undefined) continue;
    values.push(value);
    conditions.push(
      `event_id IN (SELECT id FROM events WHERE account_id = $1 AND ${column} = $${values.length})`,
    );
  }
  if (query.createdSince !== undefined) {
    // Ids sort by creation time: the id bound lets the index skip what is older.
    values.push(epochMs(query.createdSince), smallestIdAt("dlv", query.createdSince));
    conditions.push(`created_at >= $${values.length - 1} AND id >= $${values.length}`);
  }
  if (query.createdUntil !== undefined) {
    values.push(epochMs(query.createdUntil));
    conditions.push(`created_at < $${values.length}`);
  }
  if (query.failing !== undefined) {
    values.push(query.failing);
    conditions.push(`${FAILED_OR_FAILING_SQL} = $${values.length}`);
  }
  if (query.test !== undefined) {
    values.push(query.test);
    conditions.push(`test = $${values.length}`);
  }
  values.push(Math.max(0, Math.floor(query.limit)));
  const result = await db.query<DeliveryRow>(
    `SELECT ${DELIVERY_COLUMNS} FROM deliveries WHERE ${conditions.join(" AND ")} ORDER BY id DESC LIMIT $${values.length}`,
    values,
  );
  return result.rows.map(toDelivery);
}

/** Oldest first; empty when the delivery is not this account's. */
export async function listAttempts(
  db: Queryable,
  accountId: string,
  deliveryId: string,
): Promise<AttemptRecord[]> {
  const result = await db.query<AttemptRow>(
    `SELECT ${ATTEMPT_COLUMNS} FROM attempts a JOIN deliveries d ON d.id = a.delivery_id
     WHERE d.account_id = $1 AND a.delivery_id = $2
     ORDER BY a.attempt_number, a.started_at, a.id`,
    [accountId, deliveryId],
  );
  return result.rows.map(toAttempt);
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

export function postgresDeliveryLogMethods({ pool }: PostgresContext): DeliveryLogStore {
  return {
    getEvent: (accountId, eventId) => getEvent(pool, accountId, eventId),
    listEvents: (accountId, query) => listEvents(pool, accountId, query),
    getDelivery: (accountId, deliveryId) => getDelivery(pool, accountId, deliveryId),
    listDeliveries: (accountId, query) => listDeliveries(pool, accountId, query),
    listAttempts: (accountId, deliveryId) => listAttempts(pool, accountId, deliveryId),
  };
}
