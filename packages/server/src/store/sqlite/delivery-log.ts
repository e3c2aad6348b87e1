import { FAILED_OR_FAILING_SQL } from "../failing-deliveries.js";
import type { DeliveryLogStore, DeliveryQuery } from "../port.js";
import { eventsOfCandidateSql } from "./candidate-index.js";
import { eventNumberOf, eventTypeOf, ofAccount } from "./columns-of-parents.js";
import { deliveryNamed, latestTimeBefore, namedById } from "./delivery-numbers.js";
import {
  ATTEMPT_COLUMNS,
  type AttemptRow,
  DELIVERY_VIEW_COLUMNS,
  type DeliveryRow,
  type EventRow,
  toAttempt,
  toDelivery,
  toEvent,
} from "./rows.js";
import type { SqliteContext } from "./sqlite-context.js";

/** The optional filters of a delivery listing, with the condition each one adds. */
const DELIVERY_FILTERS = [
  // Ids sort by creation time: the time bound lets the index skip what is newer.
  ["beforeId", "created_at <= @beforeAt AND public_id < @beforeId"],
  ["endpointId", "endpoint_id = @endpointId"],
  ["eventId", `event_number = ${eventNumberOf("@eventId")}`],
  // The type is the event's (migration 016): read by the event's primary key for each row listed.
  ["eventType", `${eventTypeOf("deliveries")} = @eventType`],
  ["status", "status = @status"],
  [
    "campaignId",
    "event_number IN (SELECT number FROM events WHERE account_id = @accountId AND campaign_id = @campaignId)",
  ],
  // Indexed in batches (candidate-index.ts); the account is the deliveries' own condition.
  ["candidateId", `event_number IN (${eventsOfCandidateSql("@candidateId")})`],
  ["createdSince", "created_at >= @createdSince"],
  ["createdUntil", "created_at < @createdUntil"],
  ["test", "test = @test"],
  ["failing", `${FAILED_OR_FAILING_SQL} = @failing`],
] as const satisfies readonly (readonly [keyof DeliveryQuery, string])[];

/** At most 2^11 distinct statements, each prepared once (on first use) by the context's cache. */
export function listDeliveriesSql(query: DeliveryQuery): { sql: string; params: Record<string, unknown> } {
  const conditions = [ofAccount("deliveries", "@accountId")];
  const params: Record<string, unknown> = { limit: query.limit };
  for (const [key, condition] of DELIVERY_FILTERS) {
    const value = query[key];
    if (value === undefined) continue;
    conditions.push(condition);
    params[key] = typeof value === "boolean" ? (value ? 1 : 0) : value;
  }
  if (query.beforeId !== undefined) params.beforeAt = latestTimeBefore(query.beforeId);
  // An event's few deliveries are found by its index and sorted in memory; without statistics the
  // planner would rather walk the account's whole history in time order to skip that sort. Newest first
  // is by time, then number: the order of the public ids (delivery-numbers.ts). Qualified, since the
  // listed `id` is the public one.
  const from = query.eventId === undefined ? "deliveries" : "deliveries INDEXED BY deliveries_by_event";
  return {
    sql: `SELECT ${DELIVERY_VIEW_COLUMNS} FROM ${from} WHERE ${conditions.join(" AND ")} ORDER BY deliveries.created_at DESC, deliveries.id DESC LIMIT @limit`,
    params,
  };
}

/**
 * An account's listing with neither an endpoint nor an event filter: the statement that reads one of its
 * endpoints' newest page (`@endpointId`), run for each endpoint and merged (`listDeliveries`).
 */
export function accountPageSql(query: DeliveryQuery): { sql: string; params: Record<string, unknown> } {
  return listDeliveriesSql({ ...query, endpointId: "" });
}

export function sqliteDeliveryLogMethods({ statement }: SqliteContext): DeliveryLogStore {
  return {
    async getEvent(accountId, eventId) {
      const row = statement(
        "SELECT id, account_id, type, occurred_at, body, created_at FROM events WHERE id = ? AND account_id = ?",
      ).get(eventId, accountId) as EventRow | undefined;
      return row === undefined ? undefined : toEvent(row);
    },

    async listEvents(accountId, query) {
      const conditions = ["account_id = @accountId"];
      if (query.beforeId !== undefined) conditions.push("id < @beforeId");
      if (query.type !== undefined) conditions.push("type = @type");
      const rows = statement(
        `SELECT id, account_id, type, occurred_at, body, created_at FROM events WHERE ${conditions.join(" AND ")} ` +
          "ORDER BY id DESC LIMIT @limit",
      ).all({
        accountId,
        limit: Math.max(0, Math.floor(query.limit)),
        ...(query.beforeId === undefined ? {} : { beforeId: query.beforeId }),
        ...(query.type === undefined ? {} : { type: query.type }),
      }) as EventRow[];
      return rows.map(toEvent);
    },

    async getDelivery(accountId, deliveryId) {
      const row = statement(
        `SELECT ${DELIVERY_VIEW_COLUMNS} FROM deliveries WHERE ${deliveryNamed()} AND ${ofAccount("deliveries", "@accountId")}`,
      ).get({ ...namedById(deliveryId), accountId }) as DeliveryRow | undefined;
      return row === undefined ? undefined : toDelivery(row);
    },

    async listDeliveries(accountId, query) {
      if (query.eventId !== undefined || query.endpointId !== undefined) {
        const { sql, params } = listDeliveriesSql(query);
        return (statement(sql).all({ ...params, accountId }) as DeliveryRow[]).map(toDelivery);
      }
      // No index by account (migration 013): each of the account's endpoints (deleted ones too: their
      // deliveries stay listed) gives its newest page on `deliveries_by_endpoint`, and the pages merge.
      // At most a page per endpoint is read, however long the history.
      const { sql, params } = accountPageSql(query);
      const endpointIds = statement("SELECT id FROM endpoints WHERE account_id = ?").pluck().all(accountId);
      const rows = endpointIds.flatMap(
        (endpointId) => statement(sql).all({ ...params, accountId, endpointId }) as DeliveryRow[],
      );
      rows.sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
      return rows.slice(0, Math.max(0, query.limit)).map(toDelivery);
    },

    async listAttempts(accountId, deliveryId) {
      const rows = statement(
        `SELECT ${ATTEMPT_COLUMNS} FROM attempts a JOIN deliveries d ON d.id = a.delivery_id ` +
          `WHERE ${deliveryNamed("d")} AND ${ofAccount("d", "@accountId")} ORDER BY a.started_at, a.id`,
      ).all({ ...namedById(deliveryId), accountId }) as AttemptRow[];
      return rows.map(toAttempt);
    },
  };
}
