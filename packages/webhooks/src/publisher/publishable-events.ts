import type {
  CandidateInterviewCompletedData,
  EventDataMap,
  InterviewResponse,
} from "../catalog/event-data.js";
import { eventSchemas } from "../catalog/event-schemas.js";
import { EVENT_TYPES, type EventType } from "../catalog/event-types.js";
import type { ObjectSchema } from "../schema/json-schema.js";
import { type ValidationIssue, validateJson } from "../schema/validate-json.js";

/**
 * Event types the service derives itself, never published directly: the `.extended` interview
 * variant (from a published `candidate.interview.completed` with its `responses`) and `credits.*`
 * (from reported balances, see `reportCredits`).
 */
export const DERIVED_EVENT_TYPES = [
  "candidate.interview.completed.extended",
  "credits.low",
  "credits.depleted",
] as const satisfies readonly EventType[];

export type DerivedEventType = (typeof DERIVED_EVENT_TYPES)[number];

export type PublishableEventType = Exclude<EventType, DerivedEventType>;

export const PUBLISHABLE_EVENT_TYPES = Object.freeze(
  EVENT_TYPES.filter(
    (type): type is PublishableEventType => !(DERIVED_EVENT_TYPES as readonly string[]).includes(type),
  ),
);

export function isPublishableEventType(value: unknown): value is PublishableEventType {
  return typeof value === "string" && (PUBLISHABLE_EVENT_TYPES as readonly string[]).includes(value);
}

/** A completed interview as the platform publishes it: with its `responses` when it has them. */
export type PublishedInterviewCompletedData = CandidateInterviewCompletedData & {
  responses?: InterviewResponse[];
};

/** What `publish` takes for each type (`data` of `POST /v1/events`). */
export type PublishDataMap = {
  [T in PublishableEventType]: T extends "candidate.interview.completed"
    ? PublishedInterviewCompletedData
    : EventDataMap[T];
};

/** The extended schema with `responses` optional: endpoints of the plain event get it without them. */
const publishedCompletedSchema: ObjectSchema = {
  ...eventSchemas["candidate.interview.completed.extended"],
  required: Object.keys(eventSchemas["candidate.interview.completed"].properties),
};

/** The schema of the `data` a publisher sends for `type`. */
export function publishDataSchema(type: PublishableEventType): ObjectSchema {
  return type === "candidate.interview.completed" ? publishedCompletedSchema : eventSchemas[type];
}

/** Checks a publish request's `data` (every issue, with paths under `path`). */
export function validatePublishData(
  type: PublishableEventType,
  data: unknown,
  path = "data",
): ValidationIssue[] {
  return validateJson(publishDataSchema(type), data, path);
}
