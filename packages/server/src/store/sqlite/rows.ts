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

/** Row shapes as SQLite answers them, and their mapping to the domain records. */

export interface AccountRow {
  id: string;
  name: string;
  credits_threshold: number;
  created_at: number;
}

export function toAccount(row: AccountRow): Account {
  return { id: row.id, name: row.name, creditsThreshold: row.credits_threshold, createdAt: row.created_at };
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

export interface EndpointRow {
  id: string;
  account_id: string;
  url: string;
  description: string;
  metadata: string;
  enabled: number;
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

export function toEndpoint(row: EndpointRow, eventTypes: readonly string[]): EndpointRecord {
  return {
    id: row.id,
    accountId: row.account_id,
    url: row.url,
    description: row.description,
    metadata: parseStringRecord(row.metadata) ?? {},
    eventTypes,
    enabled: row.enabled === 1,
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

export interface EventRow {
  id: string;
  account_id: string;
  type: string;
  occurred_at: number;
  body: Buffer;
  created_at: number;
}

export function toEvent(row: EventRow): EventRecord {
  return {
    id: row.id,
    accountId: row.account_id,
    type: row.type,
    occurredAt: row.occurred_at,
    body: row.body,
    createdAt: row.created_at,
  };
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
  test: number;
  created_at: number;
  updated_at: number;
}

export const DELIVERY_COLUMNS =
  "id, account_id, event_id, endpoint_id, event_type, status, attempt_count, next_attempt_at, " +
  "last_status_code, last_error_kind, test, created_at, updated_at";

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
    test: row.test === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
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
    ...headerFields(parseStringRecord(row.request_headers), parseStringRecord(row.response_headers)),
  };
}

/** The optional header fields of an attempt, present only when recorded. */
export function headerFields(
  requestHeaders: Record<string, string> | undefined | null,
  responseHeaders: Record<string, string> | undefined | null,
): Pick<AttemptRecord, "requestHeaders" | "responseHeaders"> {
  return {
    ...(requestHeaders == null ? {} : { requestHeaders }),
    ...(responseHeaders == null ? {} : { responseHeaders }),
  };
}
