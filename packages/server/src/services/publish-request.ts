import {
  isEventType,
  isPlainObject,
  isPublishableEventType,
  type ObjectSchema,
  PUBLISHABLE_EVENT_TYPES,
  type PublishableEventType,
  type ValidationIssue,
  validateJson,
  validatePublishData,
} from "@voicehire/webhooks";
import { serializeEnvelope } from "../domain/envelope.js";
import {
  COMPLETED_EVENT as COMPLETED,
  deriveExtendedInterviewEvent,
  EXTENDED_EVENT as EXTENDED,
} from "../domain/extended-interview-event.js";
import { newId } from "../domain/ids.js";
import type { EpochMs, NewEvent } from "../domain/types.js";
import { invalid, invalidField, type ValidationFailure } from "./outcomes.js";

/**
 * One publish request (`{ event, data, timestamp? }`, the body of `POST /v1/events` or one item of a
 * batch): validated against the catalog once, then turned into the envelopes to store, serialized once.
 *
 * Derived events are the service's: `candidate.interview.completed` may carry `responses` (validated
 * like the `.extended` schema's); the plain event is stored WITHOUT them and the `.extended` variant (own
 * id, `responses` included, `[]` when none were given) is stored when an endpoint subscribes to it.
 * `.extended` and `credits.*` cannot be published directly.
 */
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

export interface ValidPublish {
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

/** `data.campaign_id` when it is a string: remembered as the account's last campaign. */
export function campaignIdOf(request: ValidPublish): string | null {
  return typeof request.data.campaign_id === "string" ? request.data.campaign_id : null;
}

/** The envelopes of a valid request: the primary event first, then the derived ones. */
export function buildEvents(request: ValidPublish, now: EpochMs): NewEvent[] {
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
      campaignId: campaignIdOf(request),
      candidateId: typeof request.data.candidate_id === "string" ? request.data.candidate_id : null,
    };
  };
  if (request.type !== COMPLETED) return [newEvent(request.type, request.data, true)];
  const { plain, extended } = deriveExtendedInterviewEvent(request.data);
  return [newEvent(COMPLETED, plain, true), newEvent(EXTENDED, extended, false)];
}
