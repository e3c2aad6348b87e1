import {
  isEventType,
  isPublishableEventType,
  type ObjectSchema,
  PUBLISHABLE_EVENT_TYPES,
  type PublishableEventType,
  type ValidationIssue,
  validateJson,
  validatePublishData,
} from "@voicehire/webhooks";
import type { Clock } from "../domain/clock.js";
import { serializeEnvelope } from "../domain/envelope.js";
import {
  COMPLETED_EVENT as COMPLETED,
  deriveExtendedInterviewEvent,
  EXTENDED_EVENT as EXTENDED,
} from "../domain/extended-interview-event.js";
import { newId } from "../domain/ids.js";
import type { EpochMs, NewEvent } from "../domain/types.js";
import type { Store } from "../store/port.js";
import { isPlainObject } from "./is-plain-object.js";
import { invalid, invalidField, type ValidationFailure } from "./outcomes.js";

/**
 * Publishing one event (`{ event, data, timestamp? }`): validated against the catalog, stored with one
 * delivery per subscribed endpoint in one transaction, then the in-process workers are woken.
 *
 * Derived events are the service's: `candidate.interview.completed` may carry `responses` (validated
 * like the `.extended` schema's); the plain event is stored WITHOUT them and the `.extended` variant (own
 * id, `responses` included, `[]` when none were given) is stored when an endpoint subscribes to it.
 * `.extended` and `credits.*` cannot be published directly.
 */
export interface PublishEventDeps {
  readonly store: Store;
  readonly clock: Clock;
  /** Called after a publish that created deliveries: wakes the in-process delivery workers. */
  readonly onPublished: () => void;
}

export interface PublishEventInput {
  readonly accountId: string;
  /** The parsed request body: `{ event, data, timestamp? }`. */
  readonly body: unknown;
  /** The publisher's idempotency key: the same key answers the first event and fans out nothing new. */
  readonly idempotencyKey: string | null;
}

export interface PublishedEventSummary {
  readonly id: string;
  readonly type: string;
  readonly occurredAt: EpochMs;
  readonly deliveryCount: number;
}

export type PublishEventOutcome =
  | {
      readonly kind: "published";
      readonly event: PublishedEventSummary;
      /** The derived events that were stored (the `.extended` variant when an endpoint wants it). */
      readonly derived: readonly PublishedEventSummary[];
    }
  | {
      readonly kind: "duplicate";
      /** The event first published with this idempotency key. */
      readonly event: { readonly id: string; readonly type: string; readonly occurredAt: EpochMs };
    }
  | ValidationFailure;

export const requestSchema: ObjectSchema = {
  type: "object",
  properties: {
    event: { type: "string" },
    // `data` is checked against its event type's schema below.
    data: { type: "object", properties: {} },
    timestamp: { type: "string", format: "date-time" },
  },
  required: ["event", "data"],
  additionalProperties: false,
};

function eventTypeIssue(event: string): ValidationIssue | undefined {
  if (event === EXTENDED) {
    return {
      path: "event",
      message: `${EXTENDED} is derived by the service: publish ${COMPLETED} with the responses in data.responses`,
    };
  }
  if (event.startsWith("credits.") && isEventType(event)) {
    return {
      path: "event",
      message: `${event} is derived by the service: report the credit balance instead (POST /v1/credits/balance)`,
    };
  }
  if (!isPublishableEventType(event)) {
    return { path: "event", message: `must be one of ${PUBLISHABLE_EVENT_TYPES.join(", ")}` };
  }
  return undefined;
}

interface ValidPublish {
  readonly kind: "valid";
  readonly type: PublishableEventType;
  readonly data: Record<string, unknown>;
  readonly occurredAt: EpochMs | null;
}

/** Checks the whole request and reports every issue at once. */
export function validatePublishRequest(body: unknown): ValidPublish | ValidationFailure {
  if (!isPlainObject(body)) return invalidField("body", "must be a JSON object with event and data");
  const issues = validateJson(requestSchema, body);
  const { event, data, timestamp } = body;
  let type: PublishableEventType | undefined;
  if (typeof event === "string") {
    const typeIssue = eventTypeIssue(event);
    if (typeIssue !== undefined) issues.push(typeIssue);
    else if (isPublishableEventType(event)) type = event;
  }
  if (type !== undefined && isPlainObject(data)) issues.push(...validatePublishData(type, data, "data"));
  let occurredAt: EpochMs | null = null;
  if (typeof timestamp === "string" && issues.every((i) => i.path !== "timestamp")) {
    occurredAt = Date.parse(timestamp.toUpperCase());
    if (Number.isNaN(occurredAt))
      issues.push({ path: "timestamp", message: "must be an ISO 8601 date-time" });
  }
  if (issues.length > 0 || type === undefined || !isPlainObject(data)) return invalid(issues);
  return { kind: "valid", type, data, occurredAt };
}

function buildEvents(request: ValidPublish, now: EpochMs): NewEvent[] {
  const occurredAt = request.occurredAt ?? now;
  const newEvent = (type: string, data: unknown, storeEvenWithoutDeliveries: boolean): NewEvent => {
    const id = newId("evt", now);
    return {
      id,
      type,
      occurredAt,
      body: serializeEnvelope({ id, type, occurredAt, data }),
      storeEvenWithoutDeliveries,
      // Kept beside the event so the delivery log can be filtered by them.
      campaignId: typeof request.data.campaign_id === "string" ? request.data.campaign_id : null,
      candidateId: typeof request.data.candidate_id === "string" ? request.data.candidate_id : null,
    };
  };
  if (request.type !== COMPLETED) return [newEvent(request.type, request.data, true)];
  const { plain, extended } = deriveExtendedInterviewEvent(request.data);
  return [newEvent(COMPLETED, plain, true), newEvent(EXTENDED, extended, false)];
}

export async function publishEvent(
  deps: PublishEventDeps,
  input: PublishEventInput,
): Promise<PublishEventOutcome> {
  const request = validatePublishRequest(input.body);
  if (request.kind === "invalid") return request;
  const now = deps.clock.now();
  const events = buildEvents(request, now);
  const campaignId = typeof request.data.campaign_id === "string" ? request.data.campaign_id : null;
  const publish = () =>
    deps.store.publish({
      accountId: input.accountId,
      idempotencyKey: input.idempotencyKey,
      events,
      campaignId,
      now,
    });
  let outcome = await publish();
  for (let tries = 0; outcome.kind === "duplicate"; tries++) {
    const first = await deps.store.getEvent(input.accountId, outcome.primaryEventId);
    if (first !== undefined) {
      return { kind: "duplicate", event: { id: first.id, type: first.type, occurredAt: first.occurredAt } };
    }
    // Retention deletes a key with its event: both went between these two reads, so publish anew.
    if (tries > 0) {
      throw new Error(`the event ${outcome.primaryEventId} of an idempotency key is missing`);
    }
    outcome = await publish();
  }
  const summaries = events.flatMap((event): PublishedEventSummary[] => {
    const stored = outcome.events.find((e) => e.id === event.id);
    const deliveryCount = stored?.deliveryCount ?? 0;
    if (stored === undefined || (!event.storeEvenWithoutDeliveries && deliveryCount === 0)) return [];
    return [{ id: event.id, type: event.type, occurredAt: event.occurredAt, deliveryCount }];
  });
  const [primary, ...derived] = summaries;
  if (primary === undefined || primary.id !== events[0]?.id) {
    throw new Error("the store did not report the published event");
  }
  if (summaries.some((s) => s.deliveryCount > 0)) deps.onPublished();
  return { kind: "published", event: primary, derived };
}
