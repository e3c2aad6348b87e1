import { recordedRequestOf } from "../../domain/recorded-request-headers.js";
import type { AttemptRecord, DeliveryRecord, EndpointRecord, EventRecord } from "../../domain/types.js";
import { headersColumn, requestColumnsOf, requestHeadersOfRow } from "../attempt-values.js";
import { waitingForColumns } from "../ordered-delivery-sql.js";
import {
  type AttemptRowBase,
  type DeliveryRowBase,
  type EndpointRowBase,
  type EventRowBase,
  toAttemptRecord,
  toDeliveryRecord,
  toEndpointRecord,
  toEventRecord,
} from "../record-mapping.js";
import { accountIdOf, eventIdOf, eventTypeOf } from "./columns-of-parents.js";
import { circuitOfColumn } from "./endpoint-circuit.js";
import { headsByIndexName } from "./order-heads.js";
import type { UserAgentIds } from "./user-agents.js";

/**
 * Row shapes as SQLite answers them, and their mapping to the domain records: the columns SQLite stores
 * its own way (JSON text, 0/1 integers, blobs) on top of the shared ones (record-mapping.ts).
 */

export interface EndpointRow extends EndpointRowBase {
  metadata: string;
  enabled: number;
  /** JSON array of the circuit's columns (see `CircuitColumns`), null when it has no row. */
  circuit: string | null;
}

export function toEndpoint(row: EndpointRow, eventTypes: readonly string[]): EndpointRecord {
  return toEndpointRecord(row, {
    metadata: parseStringRecord(row.metadata) ?? {},
    eventTypes,
    enabled: row.enabled === 1,
    circuit: circuitOfColumn(row.circuit),
  });
}

export interface EventRow extends EventRowBase {
  body: Buffer;
}

export function toEvent(row: EventRow): EventRecord {
  return toEventRecord(row, row.body);
}

export interface DeliveryRow extends DeliveryRowBase {
  test: number;
}

/** Read `FROM deliveries` (not aliased: `waitingForColumns` names the table). */
export const DELIVERY_COLUMNS =
  `public_id AS id, ${accountIdOf("deliveries")} AS account_id, ${eventIdOf("deliveries")} AS event_id, endpoint_id, ${eventTypeOf("deliveries")} AS event_type, status, attempt_count, next_attempt_at, ` +
  "last_status_code, last_error_kind, test, created_at, updated_at";

/** `DELIVERY_COLUMNS` and what a held delivery waits for: what the API shows of a delivery. */
export const DELIVERY_VIEW_COLUMNS = `${DELIVERY_COLUMNS}, ${waitingForColumns("public_id", headsByIndexName)}`;

export function toDelivery(row: DeliveryRow): DeliveryRecord {
  return toDeliveryRecord(row, row.test === 1);
}

export interface AttemptRow extends AttemptRowBase {
  request_signed: number | null;
  user_agent: string | null;
  request_headers: string | null;
  response_headers: string | null;
  /** The delivery's `test` flag. */
  test: number;
}

/** The columns of `attempts` (aliased `a`) and of its delivery (`d`) that `toAttempt` reads. */
export const ATTEMPT_COLUMNS =
  "a.id, d.public_id AS delivery_id, a.attempt_number, a.started_at, a.duration_ms, a.status_code, a.error_kind, " +
  "a.error_message, a.response_excerpt, a.request_signed, " +
  "(SELECT u.value FROM user_agents u WHERE u.id = a.user_agent_id) AS user_agent, a.request_headers, a.response_headers, " +
  `${eventIdOf("d")} AS event_id, ${eventTypeOf("d")} AS event_type, d.test`;

/** The head of an INSERT of attempts, before its values. */
export const ATTEMPT_INSERT_INTO = `
INSERT INTO attempts (id, delivery_id, attempt_number, started_at, duration_ms, status_code, error_kind,
                      error_message, response_excerpt, request_signed, user_agent_id, request_headers, response_headers)`;
const ATTEMPT_VALUES = `@id, @deliveryId, @attemptNumber, @startedAt, @durationMs, @statusCode, @errorKind,
       @errorMessage, @responseExcerpt, @requestSigned, @userAgentId, @requestHeaders, @responseHeaders`;

/** Records one attempt; `attemptParams` binds it. */
export const INSERT_ATTEMPT_SQL = `${ATTEMPT_INSERT_INTO} VALUES (${ATTEMPT_VALUES})`;

/** `deliveryNumber`: the attempt's delivery, by its key (delivery-numbers.ts). */
export function attemptParams(
  attempt: AttemptRecord,
  deliveryNumber: number,
  userAgentIds: UserAgentIds,
): Record<string, unknown> {
  const request = requestColumnsOf(recordedRequestOf(attempt.requestHeaders, attempt));
  return {
    id: attempt.id,
    deliveryId: deliveryNumber,
    attemptNumber: attempt.attemptNumber,
    startedAt: attempt.startedAt,
    durationMs: attempt.durationMs,
    statusCode: attempt.statusCode,
    errorKind: attempt.errorKind,
    errorMessage: attempt.errorMessage,
    responseExcerpt: attempt.responseExcerpt,
    requestSigned: request.signed === null ? null : request.signed ? 1 : 0,
    userAgentId: userAgentIds(request.userAgent),
    requestHeaders: request.headers === null ? null : JSON.stringify(request.headers),
    responseHeaders: headersColumn(attempt.responseHeaders),
  };
}

/** A JSON object of strings as stored (metadata, headers), or undefined for NULL. */
export function parseStringRecord(json: string | null): Record<string, string> | undefined {
  return json === null ? undefined : (JSON.parse(json) as Record<string, string>);
}

export function toAttempt(row: AttemptRow): AttemptRecord {
  const requestHeaders = requestHeadersOfRow(row, row.test === 1, {
    signed: row.request_signed === null ? null : row.request_signed === 1,
    userAgent: row.user_agent,
    headers: parseStringRecord(row.request_headers) ?? null,
  });
  return toAttemptRecord(row, requestHeaders, parseStringRecord(row.response_headers));
}
