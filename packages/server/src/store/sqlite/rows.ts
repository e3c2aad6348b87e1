import type { AttemptRecord, DeliveryRecord, EndpointRecord, EventRecord } from "../../domain/types.js";
import type { AttemptRowBase, DeliveryRowBase, EndpointRowBase, EventRowBase } from "../record-mapping.js";
import { toAttemptRecord, toDeliveryRecord, toEndpointRecord, toEventRecord } from "../record-mapping.js";
import { circuitOfColumn } from "./endpoint-circuit.js";

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

export const DELIVERY_COLUMNS =
  "id, account_id, event_id, endpoint_id, event_type, status, attempt_count, next_attempt_at, " +
  "last_status_code, last_error_kind, test, created_at, updated_at";

export function toDelivery(row: DeliveryRow): DeliveryRecord {
  return toDeliveryRecord(row, row.test === 1);
}

export interface AttemptRow extends AttemptRowBase {
  request_headers: string | null;
  response_headers: string | null;
}

/** The columns of `attempts` (aliased `a`) that `toAttempt` reads. */
export const ATTEMPT_COLUMNS =
  "a.id, a.delivery_id, a.attempt_number, a.started_at, a.duration_ms, a.status_code, a.error_kind, " +
  "a.error_message, a.response_excerpt, a.request_headers, a.response_headers";

/** A JSON object of strings as stored (metadata, headers), or undefined for NULL. */
export function parseStringRecord(json: string | null): Record<string, string> | undefined {
  return json === null ? undefined : (JSON.parse(json) as Record<string, string>);
}

export function toAttempt(row: AttemptRow): AttemptRecord {
  return toAttemptRecord(
    row,
    parseStringRecord(row.request_headers),
    parseStringRecord(row.response_headers),
  );
}
