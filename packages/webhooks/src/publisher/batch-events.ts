import type { ValidationIssue } from "../schema/validate-json.js";
import {
  isPublishableEventType,
  type PublishableEventType,
  type PublishDataMap,
  validatePublishData,
} from "./publishable-events.js";

/** The most events one `POST /v1/events/batch` takes. */
export const MAX_BATCH_EVENTS = 500;

/** One event of a batch, typed by the catalog. */
export type BatchEvent = {
  readonly [T in PublishableEventType]: {
    readonly event: T;
    readonly data: PublishDataMap[T];
    /** When it happened (ISO 8601); default: when the service receives it. */
    readonly timestamp?: string;
    /** Makes retries safe, per event (same keys as `publish`'s). Default: a new UUID. */
    readonly idempotencyKey?: string;
  };
}[PublishableEventType];

/** The service's answer about one event of a batch, in the order sent. */
export type BatchItemResult =
  /** 202: stored, deliveries on their way; 200: its key was used before, `id` is the first event's. */
  | {
      readonly status: 200 | 202;
      readonly id: string;
      readonly duplicate: boolean;
      readonly [field: string]: unknown;
    }
  /** Refused alone (422): `errors` name its fields as `events[i].field`. */
  | {
      readonly status: number;
      readonly code: string;
      readonly errors?: readonly { field: string; message: string }[];
    };

/** Every problem of the batch before it is sent, each naming `events[i].field`. */
export function batchIssues(events: readonly BatchEvent[]): ValidationIssue[] {
  if (!Array.isArray(events) || events.length === 0)
    return [{ path: "events", message: "must hold 1 event or more" }];
  if (events.length > MAX_BATCH_EVENTS) {
    return [
      { path: "events", message: `must hold at most ${MAX_BATCH_EVENTS} events (got ${events.length})` },
    ];
  }
  return events.flatMap((item, index) => {
    const at = `events[${index}]`;
    if (!isPublishableEventType(item?.event)) {
      return [
        {
          path: `${at}.event`,
          message: "must be a publishable event type (derived events are the service's)",
        },
      ];
    }
    return validatePublishData(item.event, item.data, `${at}.data`);
  });
}

/** The request body: each event with its idempotency key (the one given, or a new UUID). */
export function batchBody(events: readonly BatchEvent[]): {
  events: Record<string, unknown>[];
  keys: string[];
} {
  const keys = events.map((item) => item.idempotencyKey ?? crypto.randomUUID());
  const body = events.map((item, index) => ({
    event: item.event,
    data: item.data,
    ...(item.timestamp === undefined ? {} : { timestamp: item.timestamp }),
    idempotency_key: keys[index],
  }));
  return { events: body, keys };
}
