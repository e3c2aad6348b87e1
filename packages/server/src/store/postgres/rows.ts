import { recordedRequestOf } from "../../domain/recorded-request-headers.js";
import type { AttemptRecord, DeliveryRecord, EndpointRecord, EventRecord } from "../../domain/types.js";
import { requestColumnsOf, requestHeadersOfRow } from "../attempt-values.js";
import { type CircuitColumns, toCircuitRecord } from "../circuit-columns.js";
import { headsByPlanner, waitingForColumns } from "../ordered-delivery-sql.js";
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
import { currentSigningKeyColumns } from "../signing-key-columns.js";

/**
 * Row shapes as `pg` returns them (bigint already parsed to number, see `connection.ts`): the columns
 * `pg` answers its own way (jsonb, arrays, booleans, bytea) on top of the shared ones (record-mapping.ts).
 */
export interface EndpointRow extends EndpointRowBase {
  metadata: Record<string, string>;
  event_types: string[];
  enabled: boolean;
  /** The circuit's columns (see `CircuitColumns`), null when it has no row. */
  circuit: CircuitColumns | null;
}

export interface EventRow extends EventRowBase {
  body: Buffer;
}

export interface DeliveryRow extends DeliveryRowBase {
  test: boolean;
}

export interface AttemptRow extends AttemptRowBase {
  request_signed: boolean | null;
  user_agent: string | null;
  request_headers: Record<string, string> | null;
  response_headers: Record<string, string> | null;
  /** The delivery's `test` flag. */
  test: boolean;
}

/** The columns of `endpoints` plus its selected event types in their original order. */
export const ENDPOINT_COLUMNS = `e.id, e.account_id, e.kind, e.url, e.description, e.metadata, e.enabled, e.sealed_secret,
  e.created_at, e.updated_at,
  ARRAY(SELECT t.event_type FROM endpoint_event_types t WHERE t.endpoint_id = e.id ORDER BY t.position)
    AS event_types,
  e.disabled_reason, e.disabled_at, e.ordering,
  (SELECT h.failing_since FROM endpoint_health h WHERE h.endpoint_id = e.id) AS failing_since,
  (SELECT h.last_success_at FROM endpoint_health h WHERE h.endpoint_id = e.id) AS last_success_at,
  (SELECT h.last_failure_at FROM endpoint_health h WHERE h.endpoint_id = e.id) AS last_failure_at,
  (SELECT json_build_array(c.consecutive_failures, c.opened_at, c.paused_until, c.cooldown_ms, c.probe_delivery_id,
          c.probe_lease_until) FROM endpoint_circuits c WHERE c.endpoint_id = e.id) AS circuit,
  ${currentSigningKeyColumns("e.id")}`;

export const DELIVERY_COLUMNS = `id, account_id, event_id, endpoint_id, event_type, status, attempt_count,
  next_attempt_at, last_status_code, last_error_kind, test, created_at, updated_at`;

/** The columns of `attempts` (aliased `a`) and of its delivery (`d`) that `toAttempt` reads. */
export const ATTEMPT_COLUMNS = `a.id, a.delivery_id, a.attempt_number, a.started_at, a.duration_ms,
  a.status_code, a.error_kind, a.error_message, a.response_excerpt, a.request_signed, a.user_agent,
  a.request_headers, a.response_headers, d.event_id, d.event_type, d.test`;

/** The request columns of each attempt, as the `attempts` INSERTs bind them (jsonb as text). */
export function attemptRequestParams(attempt: AttemptRecord): {
  readonly requestSigned: boolean | null;
  readonly userAgent: string | null;
  readonly requestHeaders: string | null;
} {
  const request = requestColumnsOf(recordedRequestOf(attempt.requestHeaders, attempt));
  return {
    requestSigned: request.signed,
    userAgent: request.userAgent,
    requestHeaders: request.headers === null ? null : JSON.stringify(request.headers),
  };
}

/**
 * Epoch milliseconds as the `bigint` columns take them: callers may hand in fractions (a jittered retry
 * schedule, `performance.now()` durations), which PostgreSQL would refuse as a bigint.
 */
export function epochMs(time: number): number {
  return Math.round(time);
}

/** A plain `Uint8Array` view of bytes `pg` returned as a Buffer (no copy). */
export function toBytes(buffer: Buffer): Uint8Array {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

export function toEndpoint(row: EndpointRow): EndpointRecord {
  return toEndpointRecord(row, {
    metadata: row.metadata,
    eventTypes: row.event_types,
    enabled: row.enabled,
    circuit: toCircuitRecord(row.circuit),
  });
}

export function toEvent(row: EventRow): EventRecord {
  return toEventRecord(row, toBytes(row.body));
}

/** `DELIVERY_COLUMNS` and what a held delivery waits for: what the API shows of a delivery. */
export const DELIVERY_VIEW_COLUMNS = `${DELIVERY_COLUMNS}, ${waitingForColumns("id", headsByPlanner)}`;

export function toDelivery(row: DeliveryRow): DeliveryRecord {
  return toDeliveryRecord(row, row.test);
}

export function toAttempt(row: AttemptRow): AttemptRecord {
  const requestHeaders = requestHeadersOfRow(row, row.test, {
    signed: row.request_signed,
    userAgent: row.user_agent,
    headers: row.request_headers,
  });
  return toAttemptRecord(row, requestHeaders, row.response_headers);
}
