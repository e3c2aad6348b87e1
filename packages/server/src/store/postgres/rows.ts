import type {
  Account,
  ApiKeyKind,
  ApiKeyRecord,
  AttemptErrorKind,
  AttemptRecord,
  DeliveryRecord,
  DeliveryStatus,
  EndpointDisabledReason,
  EndpointRecord,
  EventRecord,
} from "../../domain/types.js";

/** Row shapes as `pg` returns them (bigint already parsed to number, see `connection.ts`). */
export interface AccountRow {
  id: string;
  name: string;
  credits_threshold: number;
  created_at: number;
}

export interface ApiKeyRow {
  id: string;
  account_id: string;
  kind: string;
  hash: string;
  prefix: string;
  name: string;
  created_at: number;
  revoked_at: number | null;
}

export interface EndpointRow {
  id: string;
  account_id: string;
  url: string;
  description: string;
  metadata: Record<string, string>;
  event_types: string[];
  enabled: boolean;
  sealed_secret: string | null;
  created_at: number;
  updated_at: number;
  // helper A (migration 002)
  failing_since: number | null;
  last_success_at: number | null;
  last_failure_at: number | null;
  disabled_reason: string | null;
  disabled_at: number | null;
}

export interface EventRow {
  id: string;
  account_id: string;
  type: string;
  occurred_at: number;
  body: Buffer;
  created_at: number;
}

export interface DeliveryRow {
  id: string;
  account_id: string;
  event_id: string;
  endpoint_id: string;
  event_type: string;
  status: string;
  attempt_count: number;
  next_attempt_at: number | null;
  last_status_code: number | null;
  last_error_kind: string | null;
  test: boolean;
  created_at: number;
  updated_at: number;
}

export interface AttemptRow {
  id: string;
  delivery_id: string;
  attempt_number: number;
  started_at: number;
  duration_ms: number;
  status_code: number | null;
  error_kind: string | null;
  error_message: string | null;
  response_excerpt: string | null;
  request_headers: Record<string, string> | null;
  response_headers: Record<string, string> | null;
}

/** The columns of `endpoints` plus its selected event types in their original order. */
export const ENDPOINT_COLUMNS = `e.id, e.account_id, e.url, e.description, e.metadata, e.enabled, e.sealed_secret,
  e.created_at, e.updated_at,
  ARRAY(SELECT t.event_type FROM endpoint_event_types t WHERE t.endpoint_id = e.id ORDER BY t.position)
    AS event_types,
  e.disabled_reason, e.disabled_at,
  (SELECT h.failing_since FROM endpoint_health h WHERE h.endpoint_id = e.id) AS failing_since,
  (SELECT h.last_success_at FROM endpoint_health h WHERE h.endpoint_id = e.id) AS last_success_at,
  (SELECT h.last_failure_at FROM endpoint_health h WHERE h.endpoint_id = e.id) AS last_failure_at`;

export const DELIVERY_COLUMNS = `id, account_id, event_id, endpoint_id, event_type, status, attempt_count,
  next_attempt_at, last_status_code, last_error_kind, test, created_at, updated_at`;

export const ATTEMPT_COLUMNS = `a.id, a.delivery_id, a.attempt_number, a.started_at, a.duration_ms,
  a.status_code, a.error_kind, a.error_message, a.response_excerpt, a.request_headers, a.response_headers`;

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

export function toAccount(row: AccountRow): Account {
  return { id: row.id, name: row.name, creditsThreshold: row.credits_threshold, createdAt: row.created_at };
}

export function toApiKey(row: ApiKeyRow): ApiKeyRecord {
  return {
    id: row.id,
    accountId: row.account_id,
    kind: row.kind as ApiKeyKind,
    hash: row.hash,
    prefix: row.prefix,
    name: row.name,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
  };
}

export function toEndpoint(row: EndpointRow): EndpointRecord {
  return {
    id: row.id,
    accountId: row.account_id,
    url: row.url,
    description: row.description,
    metadata: row.metadata,
    eventTypes: row.event_types,
    enabled: row.enabled,
    sealedSecret: row.sealed_secret,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    failingSince: row.failing_since,
    lastSuccessAt: row.last_success_at,
    lastFailureAt: row.last_failure_at,
    disabledReason: row.disabled_reason as EndpointDisabledReason | null,
    disabledAt: row.disabled_at,
  };
}

export function toEvent(row: EventRow): EventRecord {
  return {
    id: row.id,
    accountId: row.account_id,
    type: row.type,
    occurredAt: row.occurred_at,
    body: toBytes(row.body),
    createdAt: row.created_at,
  };
}

export function toDelivery(row: DeliveryRow): DeliveryRecord {
  return {
    id: row.id,
    accountId: row.account_id,
    eventId: row.event_id,
    endpointId: row.endpoint_id,
    eventType: row.event_type,
    status: row.status as DeliveryStatus,
    attemptCount: row.attempt_count,
    nextAttemptAt: row.next_attempt_at,
    lastStatusCode: row.last_status_code,
    lastErrorKind: row.last_error_kind as AttemptErrorKind | null,
    test: row.test,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function toAttempt(row: AttemptRow): AttemptRecord {
  return {
    id: row.id,
    deliveryId: row.delivery_id,
    attemptNumber: row.attempt_number,
    startedAt: row.started_at,
    durationMs: row.duration_ms,
    statusCode: row.status_code,
    errorKind: row.error_kind as AttemptErrorKind | null,
    errorMessage: row.error_message,
    responseExcerpt: row.response_excerpt,
    ...(row.request_headers === null ? {} : { requestHeaders: row.request_headers }),
    ...(row.response_headers === null ? {} : { responseHeaders: row.response_headers }),
  };
}
