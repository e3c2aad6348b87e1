import type { EventDataMap } from "./event-data.js";
import type { EventType } from "./event-types.js";

/**
 * The JSON object POSTed to endpoints. `id` is stable across retries and resends (use it to
 * deduplicate); `timestamp` is when the event happened (ISO 8601 UTC), not when it was sent;
 * `test: true` marks a test delivery (the dashboard's "Tester" button), absent otherwise.
 */
export type WebhookEnvelope<T extends EventType = EventType> = {
  id: string;
  event: T;
  timestamp: string;
  test?: true;
  data: EventDataMap[T];
};

/** The discriminated union of the 10 envelopes: narrow it with `event.event`. */
export type VoiceHireEvent = { [T in EventType]: WebhookEnvelope<T> }[EventType];
