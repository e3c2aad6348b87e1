import { signatureSchemeOf } from "../domain/signature-scheme.js";
import type {
  Account,
  AttemptRecord,
  DeliveryRecord,
  EndpointRecord,
  EpochMs,
  EventRecord,
  RecoveryRecord,
} from "../domain/types.js";
import type { DeliveryBucket } from "../services/delivery-series.js";
import { endpointState } from "../services/endpoints/endpoint-state.js";
import type { EndpointStats, WindowStats } from "../services/endpoints/endpoint-stats.js";
import type { TestOutcome } from "../services/endpoints/test-endpoint.js";
import { circuitView } from "./circuit-view.js";

/** The API's JSON shapes (snake_case, times as ISO 8601 UTC). Secrets never appear, only `has_secret`. */

function iso(time: EpochMs): string {
  return new Date(time).toISOString();
}

export function isoOrNull(time: EpochMs | null): string | null {
  return time === null ? null : iso(time);
}

export function accountView(account: Account) {
  return {
    id: account.id,
    name: account.name,
    credits_threshold: account.creditsThreshold,
    created_at: iso(account.createdAt),
  };
}

/**
 * `state`: `active`, `failing` (its last attempt failed; `failing_since` says since when) or `disabled`
 * (`disabled_reason` `user` or `failing_too_long`, and `disabled_at`); the fields of the other states are null.
 */
export function endpointView(endpoint: EndpointRecord, now: EpochMs) {
  const state = endpointState(endpoint);
  return {
    id: endpoint.id,
    kind: endpoint.kind ?? "push",
    url: endpoint.kind === "pull" ? null : endpoint.url,
    description: endpoint.description,
    metadata: endpoint.metadata,
    event_types: endpoint.eventTypes,
    enabled: endpoint.enabled,
    has_secret: endpoint.sealedSecret !== null,
    signature_scheme: signatureSchemeOf(endpoint),
    public_key: endpoint.signingKey?.publicKey ?? null,
    ordering: endpoint.ordering ?? null,
    state: state.state,
    failing_since: state.state === "failing" ? iso(state.failingSince) : null,
    disabled_reason: state.state === "disabled" ? state.disabledReason : null,
    disabled_at: state.state === "disabled" ? iso(state.disabledAt) : null,
    circuit: circuitView(endpoint.circuit, now),
    created_at: iso(endpoint.createdAt),
    updated_at: iso(endpoint.updatedAt),
  };
}

function windowView(stats: WindowStats) {
  return {
    attempts: stats.attempts,
    succeeded: stats.succeeded,
    failed: stats.failed,
    success_rate: stats.successRate,
  };
}

/** `GET /v1/endpoints/{id}/stats`. */
export function endpointStatsView(stats: EndpointStats) {
  return {
    endpoint_id: stats.endpoint.id,
    last_hour: windowView(stats.lastHour),
    last_day: windowView(stats.lastDay),
    last_success_at: isoOrNull(stats.endpoint.lastSuccessAt),
    last_failure_at: isoOrNull(stats.endpoint.lastFailureAt),
    state: endpointState(stats.endpoint).state,
  };
}

/** `GET /v1/stats/deliveries`: chronological buckets. */
export function deliverySeriesView(buckets: readonly DeliveryBucket[]) {
  return {
    data: buckets.map((b) => ({
      start: iso(b.start),
      succeeded: b.succeeded,
      failed: b.failed,
      failing: b.failing,
      pending: b.pending,
    })),
  };
}

/** The secret, revealed (GET and PUT `/v1/endpoints/{id}/secret`). */
export function secretView(secret: string | null, previousExpiresAt: readonly EpochMs[]) {
  return { secret, previous: previousExpiresAt.map((time) => ({ expires_at: iso(time) })) };
}

/** `POST /v1/endpoints/{id}/test`. */
export function testOutcomeView(outcome: TestOutcome) {
  return {
    delivery_id: outcome.deliveryId,
    event_id: outcome.eventId,
    succeeded: outcome.succeeded,
    status_code: outcome.statusCode,
    duration_ms: outcome.durationMs,
    response_excerpt: outcome.responseExcerpt,
    error_kind: outcome.errorKind,
    error_message: outcome.errorMessage,
  };
}

export function recoveryView(recovery: RecoveryRecord) {
  return {
    recovery_id: recovery.id,
    endpoint_id: recovery.endpointId,
    since: iso(recovery.since),
    until: iso(recovery.until),
    status: recovery.status,
    total: recovery.total,
    requeued: recovery.requeued,
    created_at: iso(recovery.createdAt),
    updated_at: iso(recovery.updatedAt),
  };
}

/** An endpoint as answered by create/update: with the generated secret, shown this once. */
export function endpointWithSecretView(
  endpoint: EndpointRecord,
  generatedSecret: string | null,
  now: EpochMs,
) {
  return generatedSecret === null
    ? endpointView(endpoint, now)
    : { ...endpointView(endpoint, now), secret: generatedSecret };
}

export function deliveryView(delivery: DeliveryRecord) {
  return {
    id: delivery.id,
    event_id: delivery.eventId,
    endpoint_id: delivery.endpointId,
    event_type: delivery.eventType,
    status: delivery.status,
    attempt_count: delivery.attemptCount,
    next_attempt_at: isoOrNull(delivery.nextAttemptAt),
    last_status_code: delivery.lastStatusCode,
    last_error_kind: delivery.lastErrorKind,
    test: delivery.test,
    created_at: iso(delivery.createdAt),
    updated_at: iso(delivery.updatedAt),
    waiting_for:
      delivery.waitingFor === undefined
        ? null
        : { delivery_id: delivery.waitingFor.deliveryId, ordering_key: delivery.waitingFor.orderingKey },
  };
}

export function attemptView(attempt: AttemptRecord) {
  return {
    id: attempt.id,
    attempt_number: attempt.attemptNumber,
    started_at: iso(attempt.startedAt),
    duration_ms: attempt.durationMs,
    status_code: attempt.statusCode,
    error_kind: attempt.errorKind,
    error_message: attempt.errorMessage,
    response_excerpt: attempt.responseExcerpt,
    /** Null when not recorded (attempts made before this was kept). */
    request_headers: attempt.requestHeaders ?? null,
    /** Null when the endpoint did not answer. */
    response_headers: attempt.responseHeaders ?? null,
  };
}

const decoder = new TextDecoder();

/** The envelope exactly as sent, parsed from the stored bytes. */
export function envelopeOf(event: EventRecord): unknown {
  return JSON.parse(decoder.decode(event.body)) as unknown;
}

/** An item of `GET /v1/events`: the stored event with its envelope; `test` for a "Tester" sample. */
export function eventSummaryView(event: EventRecord) {
  const envelope = envelopeOf(event);
  const test =
    typeof envelope === "object" && envelope !== null && (envelope as { test?: unknown }).test === true;
  return {
    id: event.id,
    event: event.type,
    timestamp: iso(event.occurredAt),
    created_at: iso(event.createdAt),
    test,
    envelope,
  };
}

/** A stored event: its envelope exactly as sent (parsed from the stored bytes) and its deliveries. */
export function eventView(event: EventRecord, deliveries: readonly DeliveryRecord[]) {
  return { ...eventSummaryView(event), deliveries: deliveries.map(deliveryView) };
}

/** `GET /v1/deliveries/{id}`: the delivery, its event's envelope and every attempt, oldest first. */
export function deliveryDetailView(
  delivery: DeliveryRecord,
  event: EventRecord | undefined,
  attempts: readonly AttemptRecord[],
) {
  return {
    ...deliveryView(delivery),
    event: event === undefined ? null : envelopeOf(event),
    attempts: attempts.map(attemptView),
  };
}
