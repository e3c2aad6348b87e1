import { type CircuitRecord, closedCircuit } from "../domain/circuit-rule.js";
import type {
  Account,
  ApiKeyKind,
  ApiKeyRecord,
  AttemptErrorKind,
  AttemptRecord,
  DeliveryRecord,
  DeliveryStatus,
  EndpointDisabledReason,
  EndpointOrdering,
  EndpointRecord,
  EventRecord,
  RecoveryRecord,
  RecoveryStatus,
} from "../domain/types.js";
import { type SigningKeyColumns, signingKeyField } from "./signing-key-columns.js";

/**
 * Row-to-record mappings both store adapters share: the columns every engine answers in the same shape.
 * What differs by engine (JSON text, 0/1 booleans, Buffers, arrays) each adapter converts itself and
 * hands in as a value.
 */

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

/** The `endpoints` columns every engine answers alike (metadata, event types, enabled: see below). */
export interface EndpointRowBase extends SigningKeyColumns {
  id: string;
  account_id: string;
  kind: string;
  url: string;
  description: string;
  sealed_secret: string | null;
  created_at: number;
  updated_at: number;
  // Delivery health and disabling (migration 002).
  failing_since: number | null;
  last_success_at: number | null;
  last_failure_at: number | null;
  disabled_reason: string | null;
  disabled_at: number | null;
  ordering: string | null;
}

/** The endpoint fields each engine stores its own way. */
export interface EndpointConverted {
  metadata: Record<string, string>;
  eventTypes: readonly string[];
  enabled: boolean;
  circuit: CircuitRecord;
}

export function toEndpointRecord(row: EndpointRowBase, converted: EndpointConverted): EndpointRecord {
  return {
    id: row.id,
    accountId: row.account_id,
    ...(row.kind === "pull" ? { kind: "pull" as const } : {}),
    ...(row.ordering === null ? {} : { ordering: row.ordering as EndpointOrdering }),
    url: row.url,
    description: row.description,
    metadata: converted.metadata,
    eventTypes: converted.eventTypes,
    enabled: converted.enabled,
    sealedSecret: row.sealed_secret,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    failingSince: row.failing_since,
    lastSuccessAt: row.last_success_at,
    lastFailureAt: row.last_failure_at,
    disabledReason: row.disabled_reason as EndpointDisabledReason | null,
    disabledAt: row.disabled_at,
    // No row is a closed circuit without failures: left out, as on a record being created.
    ...(converted.circuit === closedCircuit ? {} : { circuit: converted.circuit }),
    ...signingKeyField(row),
  };
}

/** The `events` columns but the body. */
export interface EventRowBase {
  id: string;
  account_id: string;
  type: string;
  occurred_at: number;
  created_at: number;
}

export function toEventRecord(row: EventRowBase, body: Uint8Array): EventRecord {
  return {
    id: row.id,
    accountId: row.account_id,
    type: row.type,
    occurredAt: row.occurred_at,
    body,
    createdAt: row.created_at,
  };
}

/** The `deliveries` columns but the `test` flag. */
export interface DeliveryRowBase {
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
  created_at: number;
  updated_at: number;
  /** The key of an ordered delivery, and the delivery it waits for (see `ordered-delivery-sql.ts`). */
  order_key?: string | null;
  waiting_for_id?: string | null;
}

export function toDeliveryRecord(row: DeliveryRowBase, test: boolean): DeliveryRecord {
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
    test,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    ...(row.waiting_for_id == null || row.order_key == null
      ? {}
      : { waitingFor: { deliveryId: row.waiting_for_id, orderingKey: row.order_key } }),
  };
}

/** The `attempts` columns but the recorded headers, with the event of the attempt's delivery. */
export interface AttemptRowBase {
  id: string;
  delivery_id: string;
  attempt_number: number;
  started_at: number;
  duration_ms: number;
  status_code: number | null;
  error_kind: string | null;
  error_message: string | null;
  response_excerpt: string | null;
  /** From the attempt's delivery: what its request headers are rebuilt from. */
  event_id: string;
  event_type: string;
}

export function toAttemptRecord(
  row: AttemptRowBase,
  requestHeaders: Readonly<Record<string, string>> | undefined | null,
  responseHeaders: Record<string, string> | undefined | null,
): AttemptRecord {
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
    ...headerFields(requestHeaders, responseHeaders),
  };
}

/** The optional header fields of an attempt, present only when recorded. */
function headerFields(
  requestHeaders: Readonly<Record<string, string>> | undefined | null,
  responseHeaders: Record<string, string> | undefined | null,
): Pick<AttemptRecord, "requestHeaders" | "responseHeaders"> {
  return {
    ...(requestHeaders == null ? {} : { requestHeaders }),
    ...(responseHeaders == null ? {} : { responseHeaders }),
  };
}

export interface RecoveryRow {
  id: string;
  account_id: string;
  endpoint_id: string;
  since: number;
  until: number;
  status: string;
  total: number;
  requeued: number;
  cursor: string | null;
  created_at: number;
  updated_at: number;
}

export function toRecovery(row: RecoveryRow): RecoveryRecord {
  return {
    id: row.id,
    accountId: row.account_id,
    endpointId: row.endpoint_id,
    since: row.since,
    until: row.until,
    status: row.status as RecoveryStatus,
    total: row.total,
    requeued: row.requeued,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
